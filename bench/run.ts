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
import { benchSynth } from './synth';
import { measureWorkbench, probeSynth, workbenchSection } from './workbench';
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

const med = (values: number[]) => stats(values).median;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const range = (s: Stats) => `${ms(s.median)} | ${ms(s.min)} – ${ms(s.max)}`;
const pkgVersion = (name: string) => (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;

async function notebookUrl(baseUrl: string): Promise<string> {
  const api = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { origin: baseUrl } });
  try {
    const signIn = await api.post('/api/auth/sign-in/email', { data: { email: 'analyst@assay.local', password: 'assay-demo-password' } });
    if (!signIn.ok()) throw new Error(`sign-in failed: HTTP ${signIn.status()}`);
    const { notebooks } = (await (await api.get('/api/notebooks?q=Revenue+by+category')).json()) as { notebooks: { id: string; title: string }[] };
    const notebook = notebooks.find((n) => n.title === 'Revenue by category');
    if (!notebook) throw new Error('the demo notebook "Revenue by category" is missing');
    return `${baseUrl}/notebooks/${notebook.id}`;
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
  const app: Target = { kind: 'app', url: await notebookUrl(server.baseUrl) };
  const bare: Target = { kind: 'bare', url: `${server.baseUrl}/bench/bare.html` };
  const plan: [name: 'app' | 'bare' | 'incognito', target: Target, profile: Profile][] = [
    ['bare', bare, 'disk'],
    ['app', app, 'disk'],
    ['incognito', app, 'incognito'],
  ];
  // One discarded round: the server loads its routes and the OS caches the files.
  for (const [, target, profile] of plan) await coldAndWarm(target, profile, server.baseUrl, browser);
  const series: Record<'app' | 'bare' | 'incognito', Series> = { app: { cold: [], warm: [] }, bare: { cold: [], warm: [] }, incognito: { cold: [], warm: [] } };
  for (let i = 0; i < RUNS; i++) {
    for (const [name, target, profile] of plan) {
      const { cold, warm } = await coldAndWarm(target, profile, server.baseUrl, browser);
      series[name].cold.push(cold);
      series[name].warm.push(warm);
      console.log(`run ${i + 1}/${RUNS} ${name}: cold ${ms(cold.answerMs)}, warm ${ms(warm.answerMs)}`);
    }
  }
  const downloads: Record<'gzip' | 'identity', Download[]> = { gzip: [], identity: [] };
  for (let i = 0; i < 3; i++) {
    downloads.gzip.push(await download(server.baseUrl, '/duckdb/1.32.0/duckdb-eh.wasm', 'gzip, deflate, br, zstd'));
    downloads.identity.push(await download(server.baseUrl, '/duckdb/1.32.0/duckdb-eh.wasm', 'identity'));
  }
  const native = await serverEngine();
  return render({
    loadBefore,
    buildId: server.buildId,
    chromium: browser.version(),
    appCold: phase(series.app.cold),
    appWarm: phase(series.app.warm),
    bareCold: phase(series.bare.cold),
    bareWarm: phase(series.bare.warm),
    incognitoCold: phase(series.incognito.cold),
    incognitoWarm: phase(series.incognito.warm),
    gzip: { encoding: downloads.gzip[0]?.encoding ?? '', bytes: med(downloads.gzip.map((d) => d.bytes)), ms: med(downloads.gzip.map((d) => d.ms)) },
    identity: { encoding: downloads.identity[0]?.encoding ?? '', bytes: med(downloads.identity.map((d) => d.bytes)), ms: med(downloads.identity.map((d) => d.ms)) },
    native,
  });
}

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
  buildId: string;
  chromium: string;
  appCold: Phase;
  appWarm: Phase;
  bareCold: Phase;
  bareWarm: Phase;
  incognitoCold: Phase;
  incognitoWarm: Phase;
  gzip: Download;
  identity: Download;
  native: Awaited<ReturnType<typeof serverEngine>>;
};

function render(r: Results): string {
  const cpu = cpus();
  const coldRatio = r.appCold.answer.median / r.bareCold.answer.median;
  const warmRatio = r.appWarm.answer.median / r.appCold.answer.median;
  const bareWarmRatio = r.bareWarm.answer.median / r.bareCold.answer.median;
  const cached = (p: Phase) => (p.transfer === 0 ? 'HTTP cache (0 B transferred)' : `${mib(p.transfer)} transferred`);
  const where = (label: string, pick: (p: Phase) => string) =>
    `| ${label} | ${[r.appCold, r.bareCold, r.appWarm, r.bareWarm, r.incognitoWarm].map(pick).join(' | ')} |`;
  const appOverBare = r.appCold.answer.median - r.bareCold.answer.median;
  return `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC.
${RUNS} measured runs of each (after one discarded warm-up round); medians, with min – max.

- Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM.
- Versions: Node ${process.version}, Chromium ${r.chromium} (headless), Next.js ${pkgVersion('next')} (build \`${r.buildId}\`),
  duckdb-wasm ${pkgVersion('@duckdb/duckdb-wasm')}, @duckdb/node-api ${pkgVersion('@duckdb/node-api')}, DuckDB ${r.native.version}.
- Server: \`next start\` on localhost, \`ASSAY_MODE=demo\`, a fresh embedded database; browser and server share the ${cpu.length} cores
  (load average before the bench started: ${r.loadBefore.toFixed(2)}; the spread of each row shows whether anything else ran).

**Method.** Each run launches Chromium with a fresh profile (a new user-data directory: an empty on-disk
HTTP cache, like a user's browser), signs the demo analyst in through the auth API, idles 1 s on
about:blank, navigates to the page and then reloads it in the same profile. Rounds interleave the bare
page, the app and the app in an incognito context. Times are taken in the page: \`performance.now()\` (0 = navigation
start) in the first animation frame after the 42 is in the DOM. The app is the demo notebook "Revenue by
category": the bench clicks "Run cell answer" (\`${QUERY}\`) in the frame the button becomes enabled, i.e.
once the page shows "DuckDB v1.4.3 · in browser". The bare page (bench/bare.html) loads only
duckdb-wasm's browser ESM module (\`/duckdb/1.32.0/duckdb-browser.mjs\`, its apache-arrow import resolved
by an import map to a same-origin copy), the same \`duckdb-eh.wasm\` and worker, and runs the query itself.

## Foundation: first result

| measurement | median | range |
| --- | --- | --- |
| App, cold (empty cache) | ${range(r.appCold.answer)} |
| Bare duckdb-wasm page, cold | ${range(r.bareCold.answer)} |
| App, warm reload | ${range(r.appWarm.answer)} |
| Bare page, warm reload | ${range(r.bareWarm.answer)} |
| App, cold, incognito context (in-memory HTTP cache) | ${range(r.incognitoCold.answer)} |
| App, warm reload, incognito context | ${range(r.incognitoWarm.answer)} |
| Server engine (@duckdb/node-api, 1 thread): create + first query | ${range(r.native.createAndQuery)} |
| Server engine: query alone | ${r.native.queryOnly.median.toFixed(2)} ms | ${r.native.queryOnly.min.toFixed(2)} – ${r.native.queryOnly.max.toFixed(2)} ms |

| goal (foundation issue) | reached | met |
| --- | --- | --- |
| cold app → first result ≤ 1.0× the bare page | ${coldRatio.toFixed(2)}× (${ms(r.appCold.answer.median)} / ${ms(r.bareCold.answer.median)}) | ${coldRatio <= 1 ? 'yes' : 'no'} |
| warm reload ≤ 0.4× cold | ${warmRatio.toFixed(2)}× (${ms(r.appWarm.answer.median)} / ${ms(r.appCold.answer.median)}) | ${warmRatio <= 0.4 ? 'yes' : 'no'} |

## Where the time goes (medians, ms since navigation start)

| | app cold | bare cold | app warm | bare warm | app warm, incognito |
| --- | --- | --- | --- | --- | --- |
${where('wasm requests (page + workers)', (p) => String(p.requests))}
${where('wasm bytes transferred', (p) => (p.transfer === 0 ? '0 (cache)' : mib(p.transfer)))}
${where('wasm response content-encoding', (p) => p.encoding)}
${where('HTML received', (p) => ms(p.html))}
${where('first wasm request starts', (p) => ms(p.wasmStart))}
${where('last wasm response ends', (p) => ms(p.wasmEnd))}
${where('"DuckDB v1.4.3 · in browser" shown', (p) => ms(p.ready))}
${where('Run enabled → clicked by the bench', (p) => ms(p.clickDelay))}
${where('Run clicked → 42 visible', (p) => ms(p.run))}
${where('42 visible', (p) => ms(p.answer.median))}

The wasm is served with \`cache-control: ${r.appCold.cacheControl}\`. Fetched directly from the server (Node, 3 times each):
with \`accept-encoding: gzip, deflate, br, zstd\` it comes as ${r.gzip.encoding}, ${mib(r.gzip.bytes)} in ${ms(r.gzip.ms)};
with \`identity\`, ${mib(r.identity.bytes)} in ${ms(r.identity.ms)}.

## Why

- **Cold: the app needs ${ms(appOverBare)} more than the bare page (${coldRatio.toFixed(2)}×).** The app's HTML arrives at
  ${ms(r.appCold.html)} (bare: ${ms(r.bareCold.html)}; the server checks the session and reads the notebook), then the browser loads and
  hydrates the Next.js bundles and only then creates the engine: its wasm request starts at ${ms(r.appCold.wasmStart)} against
  ${ms(r.bareCold.wasmStart)} for the bare page. The download ends at ${ms(r.appCold.wasmEnd)} (bare ${ms(r.bareCold.wasmEnd)}) and the engine is
  ready at ${ms(r.appCold.ready)} (bare ${ms(r.bareCold.ready)}): compiling and starting the module takes ${ms(r.appCold.ready - r.appCold.wasmEnd)} after
  the last byte in the app against ${ms(r.bareCold.ready - r.bareCold.wasmEnd)} in the bare page, on 2 cores shared with hydration, Monaco and the
  server. Run → 42 adds ${ms(r.appCold.run)} (the bench's click, ${ms(r.appCold.clickDelay)} after the button is enabled, comes on top).
- **Compression.** \`next start\` compresses the wasm on every request (${r.gzip.encoding}; there is no precompressed copy):
  ${mib(r.identity.bytes)} become ${mib(r.gzip.bytes)} on the wire, ${(r.identity.bytes / r.gzip.bytes).toFixed(1)}× fewer bytes, but on localhost sending it takes
  ${ms(r.gzip.ms)} compressed against ${ms(r.identity.ms)} uncompressed — server CPU the browser on the same machine competes for. Over a
  real network the smaller transfer pays off; a precompressed static copy would give both.
- **Warm: ${warmRatio.toFixed(2)}× of cold (goal 0.4×).** With \`cache-control: ${r.appCold.cacheControl}\` and an on-disk profile
  ${r.appWarm.transfer === 0 ? 'the reload transfers no wasm bytes: the HTTP cache answers' : `the reload still transfers ${mib(r.appWarm.transfer)} of wasm`}, yet the engine is ready only at
  ${ms(r.appWarm.ready)} (bare ${ms(r.bareWarm.ready)}, i.e. ${bareWarmRatio.toFixed(2)}× of its cold load): the bare engine gets ready ${ms(r.bareWarm.ready - r.bareWarm.wasmEnd)} after
  the last cached byte, about as long as after the last downloaded one cold (${ms(r.bareCold.ready - r.bareCold.wasmEnd)}). The module is compiled again on every load:
  duckdb-wasm 1.32.0's worker hands \`WebAssembly.instantiateStreaming\` a \`new Response(body.pipeThrough(TransformStream))\` (for its
  progress events), a constructed response V8 cannot attach its compiled-code cache to. (A one-off side experiment, not part
  of this bench: \`compileStreaming\` of this wasm on a warm cache took 0.7–1.0 s straight from \`fetch\`, 1.2–1.4 s through such
  a wrapper.) The rest of the warm time is the app's own start-up, as in the cold case.
- **Incognito.** In a context with an in-memory HTTP cache (Playwright's default) the reload ${r.incognitoWarm.transfer === 0 ? 'also found the wasm in the cache' : `downloaded the wasm again (${mib(r.incognitoWarm.transfer)}): that cache did not keep an entry this large`}
  (${cached(r.incognitoWarm)}, answer at ${ms(r.incognitoWarm.answer.median)}). Warm numbers from such a context are second cold loads, so
  this bench uses a fresh on-disk profile per run.
`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
