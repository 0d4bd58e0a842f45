// node --import tsx bench/wasm-cache.ts — does Chromium reuse compiled DuckDB code on a reload of the
// notebook page? For each wait (BENCH_WASM_WAITS, seconds, default 0,30) a fresh on-disk profile opens
// a notebook of two cells (the bench's `select 42` and a 3M-row aggregate, so the engine's hot code
// tiers up), idles that long, reloads, and reads Chromium's trace: whether V8 handed Blink a module to
// cache (v8.wasm.cachedModule), whether the reload took it (v8.wasm.moduleCacheHit), and how many
// functions the reload compiled lazily (wasm.CompileLazy) and at the top tier (wasm.TopTierCompilation).
// Uses the existing .next build, like npm run bench. The section goes to docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, request } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser';
import { writeSection } from './report';
import { startServer } from './server';
import { ms } from './stats';
import { createNotebook, signIn } from './workbench';

const WAITS = (process.env.BENCH_WASM_WAITS ?? '0,30').split(',').map(Number);
const HEADING = '## Foundation: does a reload reuse compiled wasm?';
const TIMEOUT = 120_000;
const CELLS = [
  { name: 'answer', source: 'select 42 as answer' },
  { name: 'workload', source: "select k, count(*) n, sum(v) s, avg(v) a, string_agg(distinct t, ',') x from (select range % 97 k, range * 1.5 v, (range % 1000)::varchar t from range(3000000)) group by k order by k" },
];

type TraceEvent = { name: string; ts: number };
type Probe = { wait: number; coldMs: number; warmMs: number; cachedModules: number; topTierFirstPage: number; cacheHits: number; lazyOnReload: number; topTierOnReload: number };

async function probe(baseUrl: string, url: string, waitSeconds: number): Promise<Probe> {
  const dir = mkdtempSync(join(tmpdir(), 'assay-bench-wasm-cache-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    await signIn(context.request, baseUrl);
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (message) => events.push(...(message.value as unknown as TraceEvent[])));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['v8.wasm', 'disabled-by-default-devtools.timeline'] }, transferMode: 'ReportEvents' });
    const answered = () => page.getByRole('grid', { name: 'Result of workload' }).getByRole('gridcell').first().waitFor({ timeout: TIMEOUT });
    let started = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await answered();
    const coldMs = performance.now() - started;
    await page.waitForTimeout(waitSeconds * 1000);
    started = performance.now();
    await page.reload({ waitUntil: 'commit' });
    await answered();
    const warmMs = performance.now() - started;
    await page.waitForTimeout(2000);
    await cdp.send('Tracing.end');
    await complete;
    // The reload's streaming compile is the second one the trace shows.
    const compiles = events.filter((e) => e.name === 'v8.wasm.streamFromResponseCallback').map((e) => e.ts).sort((a, b) => a - b);
    if (compiles.length !== 2) throw new Error(`expected 2 streaming compiles in the trace, saw ${compiles.length}`);
    const reloadAt = compiles[1]!;
    const count = (name: string, from: number, to: number) => events.filter((e) => e.name === name && e.ts >= from && e.ts < to).length;
    return {
      wait: waitSeconds,
      coldMs,
      warmMs,
      cachedModules: count('v8.wasm.cachedModule', 0, Infinity),
      topTierFirstPage: count('wasm.TopTierCompilation', 0, reloadAt),
      cacheHits: count('v8.wasm.moduleCacheHit', reloadAt, Infinity),
      lazyOnReload: count('wasm.CompileLazy', reloadAt, Infinity),
      topTierOnReload: count('wasm.TopTierCompilation', reloadAt, Infinity),
    };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const server = await startServer();
try {
  const api = await request.newContext({ baseURL: server.baseUrl, extraHTTPHeaders: { origin: server.baseUrl } });
  await signIn(api, server.baseUrl);
  const url = `${server.baseUrl}/notebooks/${await createNotebook(api, server.baseUrl, 'Bench: wasm code cache', CELLS)}`;
  await api.dispose();
  const probes: Probe[] = [];
  for (const wait of WAITS) probes.push(await probe(server.baseUrl, url, wait));
  const rows = probes.map(
    (p) => `| ${p.wait} s | ${p.topTierFirstPage} | ${p.cachedModules} | ${p.cacheHits} | ${p.lazyOnReload.toLocaleString('en-US')} | ${p.topTierOnReload} | ${ms(p.coldMs)} | ${ms(p.warmMs)} |`,
  );
  const body = [
    `Measured ${new Date().toISOString().slice(0, 16)} UTC by bench/wasm-cache.ts: a fresh on-disk profile per row opens a notebook of two cells (\`select 42\` and a 3M-row aggregate), idles, reloads; counts from Chromium's trace. Times are wall-clock from Node, navigation to the aggregate's result, one run each.`,
    '',
    '| idle before reload | first page: top-tier compilations | modules V8 handed over to cache | reload: cache hits | reload: functions compiled lazily | reload: top-tier compilations | first page | reload |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `V8 compiles DuckDB lazily: the streaming compile only validates the 33 MiB, and each function is compiled (Liftoff) the first time it runs, so every load compiles again the ${probes[0]!.lazyOnReload.toLocaleString('en-US')} or so functions that opening DuckDB and these queries touch. V8 hands a module to Blink's code cache only once enough of it has tiered up to TurboFan (dynamic tiering); ${Math.max(...probes.map((p) => p.topTierFirstPage))} top-tier compilations or fewer never got there within ${Math.max(...WAITS)} s, so a reload starts from the same state as a first visit. The page can set neither threshold, and browsers no longer store a compiled \`WebAssembly.Module\` in IndexedDB, so there is nothing left for the app to cache.`,
  ].join('\n');
  console.log(writeSection(HEADING, body));
} finally {
  await server.stop();
}
