// npm run bench: navigation start → first cell result in headless Chromium, cold and warm, for the app
// and for a bare duckdb-wasm page served by the same server; plus the server (native) engine (the
// foundation part). Then the workbench goals: synthetic generation and grid pages in the engine
// (bench/synth.ts, bench/grid.ts), a reactive chain, the result grid and a cell's overhead in the
// browser (bench/workbench.ts). Medians of BENCH_RUNS (default 7) runs into docs/benchmarks.md.
// Then the experiments goals in Node (bench/fingerprint.ts, bench/replay.ts) and the promotion goals
// (bench/promotion.ts: gate job and rollback latency; bench/audit.ts: audit verify throughput).
// Then, with DATABASE_URL, the lists and the audit page at scale (bench/scale.ts).
// BENCH_ONLY=foundation|workbench|experiments|promotion|scale runs one part and keeps the others' sections
// as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { request, type Browser } from '@playwright/test';
import { createNativeEngine } from '../lib/engine/native';
import { coldAndWarm, launchBrowser, type Load, type Profile, type Target } from './browser';
import { benchAudit } from './audit';
import { benchFingerprint } from './fingerprint';
import { benchGrid } from './grid';
import { benchPromotion } from './promotion';
import { benchReplay } from './replay';
import { benchScale, SCALE_HEADING } from './scale';
import { download, startServer, type Download, type Server } from './server';
import { throttledProxy, type Link } from './throttle';
import { benchSynth } from './synth';
import { createNotebook, measureWorkbench, probeSynth, workbenchSection } from './workbench';
import { ms, stats, type Stats } from './stats';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const ONLY = process.env.BENCH_ONLY ?? 'all';
const REPORT = 'docs/benchmarks.md';
const WORKBENCH_HEADING = '## Workbench: performance goals';
const EXPERIMENTS_HEADING = '## Experiments: fingerprint cost';
const PROMOTION_HEADING = '## Promotion: gate job, rollback latency and audit verify throughput';
/** Headings the promotion part had before: a report that still has one gets that section replaced. */
const OLD_PROMOTION_HEADINGS = ['## Promotion: audit verify throughput'];
const AUDIT_HEADING = '## Promotion: audit verify throughput';
const PARTS = ['foundation', 'workbench', 'experiments', 'promotion', 'scale'] as const;
type Part = (typeof PARTS)[number];
const QUERY = 'select 42 as answer';
/** What users have: the throttled rows run through bench/throttle.ts with this link. */
const LINK: Link = { mbitPerSecond: 100, rttMs: 20 };
const SERIES = ['app', 'bare', 'incognito', 'appNet', 'bareNet'] as const;
type SeriesName = (typeof SERIES)[number];

const med = (values: number[]) => stats(values).median;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const range = (s: Stats) => `${ms(s.median)} | ${ms(s.min)} – ${ms(s.max)}`;
const pkgVersion = (name: string) => (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;

/** A notebook of one cell, `answer = select 42 as answer`, the query the bare page runs. */
async function notebookUrl(baseUrl: string): Promise<string> {
  const api = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { origin: baseUrl } });
  try {
    const signIn = await api.post('/api/auth/sign-in/email', { data: { email: 'analyst@assay.local', password: 'assay-demo-password' } });
    if (!signIn.ok()) throw new Error(`sign-in failed: HTTP ${signIn.status()}`);
    return `${baseUrl}/notebooks/${await createNotebook(api, baseUrl, 'Bench: first result', [{ name: 'answer', source: QUERY }])}`;
  } finally {
    await api.dispose();
  }
}

async function serverEngine() {
  const createAndQuery: number[] = [];
  const queryOnly: number[] = [];
  let version = '';
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const engine = await createNativeEngine({ threads: 1 });
    await engine.query(QUERY);
    createAndQuery.push(performance.now() - started);
    const again = performance.now();
    const { rows } = await engine.query(QUERY);
    queryOnly.push(performance.now() - again);
    if (rows[0]?.[0] !== 42) throw new Error(`the native engine answered ${JSON.stringify(rows)}`);
    version = String((await engine.query('SELECT version()')).rows[0]?.[0]);
    await engine.close();
  }
  return { createAndQuery: stats(createAndQuery), queryOnly: stats(queryOnly), version };
}

type Series = { cold: Load[]; warm: Load[] };

/** Medians of one load phase: where the time went, in ms since navigation start. */
function phase(loads: Load[]) {
  return {
    answer: stats(loads.map((l) => l.answerMs)),
    html: med(loads.map((l) => l.htmlMs)),
    run: med(loads.map((l) => l.answerMs - (l.clickMs ?? NaN))),
    wasmStart: med(loads.map((l) => l.wasm.startMs)),
    wasmEnd: med(loads.map((l) => l.wasm.endMs)),
    ready: med(loads.map((l) => l.readyMs ?? NaN)),
    enabled: med(loads.map((l) => l.enabledMs ?? NaN)),
    click: med(loads.map((l) => l.clickMs ?? NaN)),
    clickDelay: med(loads.map((l) => (l.clickMs ?? NaN) - (l.enabledMs ?? NaN))),
    requests: med(loads.map((l) => l.wasm.requests)),
    transfer: med(loads.map((l) => l.wasm.transferBytes)),
    decoded: med(loads.map((l) => l.wasm.decodedBytes)),
    encoding: [...new Set(loads.map((l) => l.wasm.encoding))].join(', '),
    cacheControl: [...new Set(loads.map((l) => l.wasm.cacheControl))].join(', '),
  };
}

async function foundation(server: Server, browser: Browser, loadBefore: number): Promise<string> {
  const appUrl = await notebookUrl(server.baseUrl);
  const proxy = await throttledProxy(Number(new URL(server.baseUrl).port), LINK);
  const viaLink = (url: string) => url.replace(server.baseUrl, `http://localhost:${proxy.port}`);
  const app: Target = { kind: 'app', url: appUrl };
  const bare: Target = { kind: 'bare', url: `${server.baseUrl}/bench/bare.html` };
  // Cookies do not depend on the port: the session the sign-in makes on the server holds on the link.
  const plan: [name: SeriesName, target: Target, profile: Profile][] = [
    ['bare', bare, 'disk'],
    ['app', app, 'disk'],
    ['incognito', app, 'incognito'],
    ['bareNet', { ...bare, url: viaLink(bare.url) }, 'disk'],
    ['appNet', { ...app, url: viaLink(app.url) }, 'disk'],
  ];
  try {
    // One discarded round: the server loads its routes and the OS caches the files.
    for (const [, target, profile] of plan) await coldAndWarm(target, profile, server.baseUrl, browser);
    const series = Object.fromEntries(SERIES.map((name) => [name, { cold: [], warm: [] }])) as unknown as Record<SeriesName, Series>;
    for (let i = 0; i < RUNS; i++) {
      for (const [name, target, profile] of plan) {
        const { cold, warm } = await coldAndWarm(target, profile, server.baseUrl, browser);
        series[name].cold.push(cold);
        series[name].warm.push(warm);
        console.log(`run ${i + 1}/${RUNS} ${name}: cold ${ms(cold.answerMs)}, warm ${ms(warm.answerMs)}`);
      }
    }
    const downloads: Record<DownloadKind, Download[]> = { onTheFly: [], br: [], gzip: [], identity: [] };
    for (let i = 0; i < 3; i++) {
      downloads.onTheFly.push(await download(server.baseUrl, '/duckdb/1.32.0/duckdb-eh.wasm', 'gzip, deflate, br, zstd'));
      downloads.br.push(await download(server.baseUrl, '/engine/1.32.0/duckdb-eh.wasm', 'gzip, deflate, br, zstd'));
      downloads.gzip.push(await download(server.baseUrl, '/engine/1.32.0/duckdb-eh.wasm', 'gzip, deflate'));
      downloads.identity.push(await download(server.baseUrl, '/engine/1.32.0/duckdb-eh.wasm', 'identity'));
    }
    const native = await serverEngine();
    const summary = (kind: DownloadKind) => ({
      encoding: downloads[kind][0]?.encoding ?? '',
      bytes: med(downloads[kind].map((d) => d.bytes)),
      ms: med(downloads[kind].map((d) => d.ms)),
    });
    return render({
      loadBefore,
      loadAfter: loadavg()[0] ?? NaN,
      buildId: server.buildId,
      chromium: browser.version(),
      phases: Object.fromEntries(SERIES.flatMap((name) => [[`${name}Cold`, phase(series[name].cold)], [`${name}Warm`, phase(series[name].warm)]])) as Record<`${SeriesName}${'Cold' | 'Warm'}`, Phase>,
      downloads: { onTheFly: summary('onTheFly'), br: summary('br'), gzip: summary('gzip'), identity: summary('identity') },
      native,
    });
  } finally {
    await proxy.close();
  }
}

type DownloadKind = 'onTheFly' | 'br' | 'gzip' | 'identity';

async function workbench(server: Server, browser: Browser): Promise<string> {
  const when = new Date().toISOString().replace('T', ' ').slice(0, 16);
  const synthLoad = loadavg()[0] ?? NaN;
  console.log('synthetic sandbox at 1M orders (DuckDB-WASM in Node)…');
  const synth = await benchSynth();
  console.log(synth);
  const probe = await probeSynth(synth);
  console.log('grid pages (DuckDB-WASM in Node)…');
  const grid = await benchGrid();
  console.log(grid);
  const results = await measureWorkbench(browser, server.baseUrl, RUNS, () => loadavg()[0] ?? NaN);
  return workbenchSection(results, synth, grid, { when, chromium: browser.version(), runs: RUNS, synthLoad, probe });
}

/** The report so far, split into its parts by their first headings (a missing part is empty). */
function previousReport(): Record<Part, string> {
  const text = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
  const promotion = [PROMOTION_HEADING, ...OLD_PROMOTION_HEADINGS].map((heading) => text.indexOf(heading)).find((at) => at >= 0) ?? -1;
  const starts = [0, ...[WORKBENCH_HEADING, EXPERIMENTS_HEADING].map((heading) => text.indexOf(heading)), promotion, text.indexOf(SCALE_HEADING)];
  const parts = {} as Record<Part, string>;
  PARTS.forEach((part, i) => {
    const start = starts[i]!;
    const next = starts.slice(i + 1).find((at) => at >= 0) ?? text.length;
    parts[part] = start < 0 ? '' : text.slice(start, next);
  });
  return parts;
}

async function main() {
  if (ONLY !== 'all' && !PARTS.includes(ONLY as Part)) throw new Error(`BENCH_ONLY must be one of ${PARTS.join(', ')}, not ${ONLY}`);
  const wanted = (part: Part) => ONLY === 'all' || ONLY === part;
  const parts = {} as Partial<Record<Part, string>>;
  if (wanted('experiments')) parts.experiments = `${await benchFingerprint(RUNS)}\n\n${await benchReplay(Math.min(RUNS, 3))}`;
  if (wanted('promotion')) {
    const gatesAndRollback = await benchPromotion();
    // benchAudit's section becomes a subsection of the promotion part.
    parts.promotion = `${gatesAndRollback.trimEnd()}\n\n${(await benchAudit()).replace(AUDIT_HEADING, '### Audit verify throughput')}`;
  }
  // The scale part needs PostgreSQL (bench/scale.ts); without DATABASE_URL its section stays as it is.
  if (wanted('scale') && process.env.DATABASE_URL) parts.scale = await benchScale();
  if (wanted('foundation') || wanted('workbench')) {
    const loadBefore = loadavg()[0] ?? NaN;
    const server = await startServer();
    const browser = await launchBrowser();
    try {
      if (wanted('foundation')) parts.foundation = await foundation(server, browser, loadBefore);
      if (wanted('workbench')) parts.workbench = await workbench(server, browser);
    } finally {
      await browser.close();
      await server.stop();
    }
  }
  // Read the report only now, so that a section another run wrote meanwhile is kept.
  const merged: Record<Part, string> = { ...previousReport(), ...parts };
  for (const part of PARTS) if (!merged[part].trim()) console.warn(`bench: ${REPORT} has no ${part} part`);
  const report = `${PARTS.map((part) => merged[part].trimEnd()).filter(Boolean).join('\n\n')}\n`;
  writeFileSync(REPORT, report);
  console.log(report);
}

type Phase = ReturnType<typeof phase>;
type Results = {
  loadBefore: number;
  loadAfter: number;
  buildId: string;
  chromium: string;
  phases: Record<`${SeriesName}${'Cold' | 'Warm'}`, Phase>;
  downloads: Record<DownloadKind, Download>;
  native: Awaited<ReturnType<typeof serverEngine>>;
};

function render(r: Results): string {
  const cpu = cpus();
  const p = r.phases;
  const ratio = (a: Phase, b: Phase) => a.answer.median / b.answer.median;
  const x = (v: number) => `${v.toFixed(2)}×`;
  const goal = (label: string, value: number, limit: number, a: Phase, b: Phase) =>
    `| ${label} | ${x(value)} (${ms(a.answer.median)} / ${ms(b.answer.median)}) | ${value <= limit ? 'yes' : 'no'} |`;
  const cols = [p.appCold, p.bareCold, p.appWarm, p.bareWarm, p.appNetCold, p.bareNetCold, p.appNetWarm, p.bareNetWarm];
  const where = (label: string, pick: (q: Phase) => string) => `| ${label} | ${cols.map(pick).join(' | ')} |`;
  const d = r.downloads;
  const dl = (v: Download) => `${v.encoding}, ${mib(v.bytes)} in ${ms(v.ms)}`;
  const compile = (q: Phase) => q.ready - q.wasmEnd;
  return `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC.
${RUNS} measured runs of each (after one discarded warm-up round); medians, with min – max.

- Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM.
- Versions: Node ${process.version}, Chromium ${r.chromium} (headless), Next.js ${pkgVersion('next')} (build \`${r.buildId}\`),
  duckdb-wasm ${pkgVersion('@duckdb/duckdb-wasm')}, @duckdb/node-api ${pkgVersion('@duckdb/node-api')}, DuckDB ${r.native.version}.
- Server: \`next start\` on localhost, \`ASSAY_MODE=demo\`, a fresh embedded database; browser and server share the ${cpu.length} cores
  (1-minute load average ${r.loadBefore.toFixed(2)} before and ${r.loadAfter.toFixed(2)} after this part: whatever else runs on the machine
  shares the cores, so absolute times are noisy; compare the ratios, each taken within this one run, rounds interleaved).

**Method.** Each run launches Chromium with a fresh profile (a new user-data directory: an empty on-disk
HTTP cache, like a user's browser), signs the demo analyst in through the auth API, idles 1 s on
about:blank, navigates to the page and then reloads it in the same profile. Rounds interleave the bare
page, the app, the app in an incognito context, and the bare page and the app over the throttled link. Times are taken in the page: \`performance.now()\` (0 = navigation
start) in the first animation frame after the 42 is in the DOM. The app is a notebook the bench creates with one
cell, \`answer = ${QUERY}\`; the notebook runs it on open, and the bench also clicks "Run cell answer" in the frame
the button becomes enabled, i.e. once the page shows "DuckDB v1.4.3 · in browser". The bare page (bench/bare.html) loads only
duckdb-wasm's browser ESM module (a copy under \`/bench/\` whose apache-arrow import names a same-origin copy: the app's
CSP, which covers this page too, allows no import map or inline script), duckdb-wasm's own worker and \`duckdb-eh.wasm\` as a plain static file of
\`public/\` (which \`next start\` gzips per request), and runs the query itself. **Throttled**: the same pages through
bench/throttle.ts, a TCP proxy shaping every connection of the browser (page and workers) to a shared
${LINK.mbitPerSecond} Mbit/s each way and ${LINK.rttMs} ms round trip.

## Foundation: first result

| measurement | median | range |
| --- | --- | --- |
| App, cold (empty cache) | ${range(p.appCold.answer)} |
| Bare duckdb-wasm page, cold | ${range(p.bareCold.answer)} |
| App, warm reload | ${range(p.appWarm.answer)} |
| Bare page, warm reload | ${range(p.bareWarm.answer)} |
| App, cold, throttled (${LINK.mbitPerSecond} Mbit/s, ${LINK.rttMs} ms RTT) | ${range(p.appNetCold.answer)} |
| Bare page, cold, throttled | ${range(p.bareNetCold.answer)} |
| App, warm reload, throttled | ${range(p.appNetWarm.answer)} |
| Bare page, warm reload, throttled | ${range(p.bareNetWarm.answer)} |
| App, cold, incognito context (in-memory HTTP cache) | ${range(p.incognitoCold.answer)} |
| App, warm reload, incognito context | ${range(p.incognitoWarm.answer)} |
| Server engine (@duckdb/node-api, 1 thread): create + first query | ${range(r.native.createAndQuery)} |
| Server engine: query alone | ${r.native.queryOnly.median.toFixed(2)} ms | ${r.native.queryOnly.min.toFixed(2)} – ${r.native.queryOnly.max.toFixed(2)} ms |

| goal (issue 15) | reached | met |
| --- | --- | --- |
${goal('cold app → first result ≤ 1.0× the bare page, localhost', ratio(p.appCold, p.bareCold), 1, p.appCold, p.bareCold)}
${goal('cold app ≤ 0.9× the bare page, throttled', ratio(p.appNetCold, p.bareNetCold), 0.9, p.appNetCold, p.bareNetCold)}
${goal('warm reload ≤ 0.4× the app\'s cold load, localhost', ratio(p.appWarm, p.appCold), 0.4, p.appWarm, p.appCold)}
${goal('warm reload ≤ 0.4× the app\'s cold load, throttled', ratio(p.appNetWarm, p.appNetCold), 0.4, p.appNetWarm, p.appNetCold)}
${goal('warm reload below the bare page\'s warm reload, localhost', ratio(p.appWarm, p.bareWarm), 1, p.appWarm, p.bareWarm)}
${goal('warm reload below the bare page\'s warm reload, throttled', ratio(p.appNetWarm, p.bareNetWarm), 1, p.appNetWarm, p.bareNetWarm)}

## Where the time goes (medians, ms since navigation start)

| | app cold | bare cold | app warm | bare warm | app cold, throttled | bare cold, throttled | app warm, throttled | bare warm, throttled |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${where('wasm requests (page + workers)', (q) => String(q.requests))}
${where('wasm bytes transferred', (q) => (q.transfer === 0 ? '0 (cache)' : mib(q.transfer)))}
${where('wasm response content-encoding', (q) => q.encoding)}
${where('HTML received', (q) => ms(q.html))}
${where('first wasm request starts', (q) => ms(q.wasmStart))}
${where('last wasm response ends', (q) => ms(q.wasmEnd))}
${where('"DuckDB v1.4.3 · in browser" shown', (q) => ms(q.ready))}
${where('last wasm byte → engine ready', (q) => ms(compile(q)))}
${where('Run enabled → clicked by the bench', (q) => ms(q.clickDelay))}
${where('Run clicked → 42 visible (negative: the run on open answered first)', (q) => ms(q.run))}
${where('42 visible', (q) => ms(q.answer.median))}

The app's wasm comes with \`cache-control: ${p.appCold.cacheControl}\`. Fetched directly from the server (Node, 3 times each, medians):
the app's route \`/engine/1.32.0/duckdb-eh.wasm\` (precompressed copies, scripts/copy-engine-assets.mjs) sends ${dl(d.br)} to a
client accepting brotli, ${dl(d.gzip)} to one accepting gzip only, ${dl(d.identity)} uncompressed; the static
\`/duckdb/1.32.0/duckdb-eh.wasm\` that the bare page loads is compressed by \`next start\` on each request: ${dl(d.onTheFly)}.

## What each change bought (issue 15)

- **Engine before hydration** (lib/engine/boot/engine-boot.js, an async same-origin script React puts in the document head):
  the app's first wasm request starts at ${ms(p.appCold.wasmStart)} (bare page ${ms(p.bareCold.wasmStart)}; before this change
  the app's started at 637 ms against the bare page's 176 ms, after hydration, 2026-11-25 run). The script is in the head, but
  after Next.js's own async chunks, and the wasm request leaves only once the worker script has loaded: two more round trips
  after the HTML, on a main thread that is parsing the app's JavaScript at the same time.
- **Instantiate in the worker at once** (lib/engine/boot/engine-worker.js): the worker instantiates DuckDB as soon as the compile
  is done and answers the page's INSTANTIATE, sent after hydration, with that result. Same bench, same idle machine, 3 runs each,
  2026-12-03: app cold 2104 → 2009 ms, cold throttled 2664 → 2382 ms, warm 1674 → 1608 ms.
- **Precompressed wasm**: ${mib(d.br.bytes)} of brotli instead of ${mib(d.onTheFly.bytes)} of per-request gzip
  (${(d.onTheFly.bytes / d.br.bytes).toFixed(2)}× fewer bytes; the server sends it in ${ms(d.br.ms)} against ${ms(d.onTheFly.ms)} for on-the-fly gzip).
  Cold over the throttled link the app's last wasm byte arrives at ${ms(p.appNetCold.wasmEnd)}, the bare page's at ${ms(p.bareNetCold.wasmEnd)}.
- **Compile from a plain fetch response** (lib/engine/boot/engine-worker.js, no wrapped stream): last wasm byte → engine ready
  takes ${ms(compile(p.appWarm))} on the app's warm reload against ${ms(compile(p.appCold))} cold, and ${ms(compile(p.bareWarm))} warm against
  ${ms(compile(p.bareCold))} cold in the bare page (duckdb-wasm's wrapped streaming compile).
- **Nothing ahead of the first run, Monaco after it** (2026-12-04): on a fresh engine DuckDB's first catalog scans are slow, and
  two ran before the cell's CTAS: the runner's sweep of orphaned model tables (\`duckdb_tables()\`, 100–150 ms) and the editor's
  word lists (\`duckdb_functions()\` and two more, 130–190 ms). The sweep now follows the run unless a cell reads a name the
  notebook does not define, the word lists wait for the first results, and \`SELECT version()\` is one round trip instead of four.
  Monaco (4 MiB of JavaScript, parsed and run on the same two cores as the wasm compile) loads once the first results are in, the
  engine has failed, 2 s after the engine is up, or when the user clicks a cell's text, which shows as plain text until then.
  A probe of the worker's messages: "in browser" shown → 42 painted took 384–462 ms before, 150–200 ms after. This bench, 3 runs,
  2026-12-04: app cold 2579 → 1860 ms against the bare page's 2110 and 1866 ms (1.22× → 1.00×), cold throttled 1.06× → 0.97×.
- **Why the warm reload is not faster.** It transfers ${p.appWarm.transfer === 0 ? 'no wasm bytes' : mib(p.appWarm.transfer)}, yet last wasm byte → engine ready is
  ${ms(compile(p.appWarm))} against ${ms(compile(p.appCold))} cold: V8 did not reuse compiled code, and it does not after a longer visit either. bench/wasm-cache.ts
  traces it (section "Foundation: does a reload reuse compiled wasm?" below): V8 compiles DuckDB's functions lazily on every load
  and hands a module to the code cache only once enough has tiered up to TurboFan, which a notebook's queries never reached in
  its runs; browsers no longer store a \`WebAssembly.Module\` in IndexedDB, so there is no explicit cache to fall back on.
- **What is left on a cold load.** With the machine at a load average of ${r.loadBefore.toFixed(0)} on ${cpu.length} cores, the app's
  own start-up (its chunks, hydration) still shares the CPU with the compile, and its HTML takes ${ms(p.appCold.html)}
  (session check, notebook read) against ${ms(p.bareCold.html)}. The app's engine is ready at ${ms(p.appCold.ready)}, the bare page's at
  ${ms(p.bareCold.ready)}; after that the app runs its notebook (the runner's parse round trip, then the cell's CTAS and first page on
  a fresh engine, whose first queries are slow) and renders the result (60–150 ms of React on the main thread in cold traces),
  where the bare page's one query is its first and only work.
- **Incognito.** In a context with an in-memory HTTP cache (Playwright's default) the reload ${p.incognitoWarm.transfer === 0 ? 'found the wasm in the cache' : `downloaded the wasm again (${mib(p.incognitoWarm.transfer)})`}
  (answer at ${ms(p.incognitoWarm.answer.median)}, cold ${ms(p.incognitoCold.answer.median)}); warm numbers here come from on-disk profiles.
`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
