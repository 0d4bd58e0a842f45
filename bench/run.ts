// npm run bench: cold and warm app load → first cell result, the bare duckdb-wasm baseline, and the
// server engine, in headless Chromium; medians of RUNS runs into docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { chromium, request, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createNativeEngine } from '../lib/engine/native';
import { startServer, writeBarePage } from './server';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

type Sample = { ms: number; wasmTransferBytes: number; wasmEncoding: string };
type WasmResponse = { encoding: string; bytes: number };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const stats = (xs: number[]) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

/** Milliseconds from navigation start until the page shows the answer 42. */
async function untilAnswer(page: Page, kind: 'app' | 'bare', wasm: WasmResponse): Promise<Sample> {
  if (kind === 'app') {
    const run = page.getByRole('button', { name: 'Run cell answer' });
    await run.click({ timeout: 120_000 });
    await page.getByRole('table', { name: 'Result of answer' }).getByRole('cell', { name: '42' }).waitFor({ timeout: 120_000 });
  } else {
    await page.getByLabel('answer').filter({ hasText: '42' }).waitFor({ timeout: 120_000 });
  }
  const ms = await page.evaluate(() => performance.now());
  const sample = { ms, wasmTransferBytes: wasm.bytes, wasmEncoding: wasm.encoding };
  Object.assign(wasm, { encoding: 'not requested', bytes: 0 });
  return sample;
}

/** The wasm as it crossed the wire (0 bytes when the HTTP cache answered). The worker's fetch shows
 * up among the page's responses. */
function watchWasm(page: Page): WasmResponse {
  const wasm: WasmResponse = { encoding: 'not requested', bytes: 0 };
  page.on('response', async (response) => {
    if (!response.url().endsWith('.wasm')) return;
    wasm.encoding = response.headers()['content-encoding'] ?? 'identity';
    wasm.bytes = (await response.request().sizes()).responseBodySize;
  });
  return wasm;
}

async function measure(browser: Browser, url: string, kind: 'app' | 'bare', cookies: Parameters<BrowserContext['addCookies']>[0]) {
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    await context.addCookies(cookies);
    const page = await context.newPage();
    const encoding = watchWasm(page);
    await page.goto(url);
    cold.push(await untilAnswer(page, kind, encoding));
    await page.reload();
    warm.push(await untilAnswer(page, kind, encoding));
    await context.close();
  }
  return { cold, warm };
}

async function serverEngine() {
  const createAndQuery: number[] = [];
  const queryOnly: number[] = [];
  let version = '';
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const engine = await createNativeEngine({ threads: 1 });
    await engine.query('select 42 as answer');
    createAndQuery.push(performance.now() - started);
    const again = performance.now();
    await engine.query('select 42 as answer');
    queryOnly.push(performance.now() - again);
    version = String((await engine.query('SELECT version()')).rows[0]?.[0]);
    await engine.close();
  }
  return { createAndQuery, queryOnly, version };
}

const pkgVersion = (name: string) => (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main() {
  await writeBarePage();
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined, args: CHROMIUM_ARGS });
  try {
    const api = await request.newContext({ baseURL: server.baseUrl, extraHTTPHeaders: { origin: server.baseUrl } });
    const signIn = await api.post('/api/auth/sign-in/email', { data: { email: 'analyst@assay.local', password: 'assay-demo-password' } });
    if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
    const { notebooks } = (await (await api.get('/api/notebooks')).json()) as { notebooks: { id: string; title: string }[] };
    const notebook = notebooks.find((n) => n.title === 'Revenue by category');
    if (!notebook) throw new Error('the demo notebook is missing');
    const { cookies } = await api.storageState();

    const bare = await measure(browser, `${server.baseUrl}/bench/bare.html`, 'bare', []);
    const app = await measure(browser, `${server.baseUrl}/notebooks/${notebook.id}`, 'app', cookies);
    const native = await serverEngine();

    const appCold = stats(app.cold.map((s) => s.ms));
    const appWarm = stats(app.warm.map((s) => s.ms));
    const bareCold = stats(bare.cold.map((s) => s.ms));
    const bareWarm = stats(bare.warm.map((s) => s.ms));
    const row = (name: string, s: ReturnType<typeof stats>, note: string) => `| ${name} | ${fmt(s.median)} | ${fmt(s.min)} – ${fmt(s.max)} | ${note} |`;
    const coldRatio = appCold.median / bareCold.median;
    const warmRatio = appWarm.median / appCold.median;
    const cpu = cpus();

    const report = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. ${RUNS} runs each, medians (min – max).
Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB.
Versions: Node ${process.version}, Chromium ${browser.version()} (headless), Next.js ${pkgVersion('next')},
duckdb-wasm ${pkgVersion('@duckdb/duckdb-wasm')}, @duckdb/node-api ${pkgVersion('@duckdb/node-api')}, DuckDB ${native.version}.
The server is \`next start\` on localhost with the embedded database; times are from navigation start
to the answer 42 on screen (the app: open the demo notebook, click Run on \`select 42 as answer\`).

## Foundation: first result

| measurement | median | range | note |
| --- | --- | --- | --- |
${row('App, cold (empty cache)', appCold, `wasm transferred ${mib(median(app.cold.map((s) => s.wasmTransferBytes)))}, ${app.cold[0]?.wasmEncoding}`)}
${row('Bare duckdb-wasm page, cold', bareCold, `same bundles, same server; wasm transferred ${mib(median(bare.cold.map((s) => s.wasmTransferBytes)))}`)}
${row('App, warm reload', appWarm, `wasm transferred ${mib(median(app.warm.map((s) => s.wasmTransferBytes)))} (0 = from the HTTP cache)`)}
${row('Bare page, warm reload', bareWarm, '')}
${row('Server engine: create + query', stats(native.createAndQuery), '@duckdb/node-api, one thread')}
${row('Server engine: query only', stats(native.queryOnly), '')}

| goal | reached | met |
| --- | --- | --- |
| cold app ≤ 1.0× bare page | ${coldRatio.toFixed(2)}× | ${coldRatio <= 1 ? 'yes' : 'no'} |
| warm reload ≤ 0.4× cold | ${warmRatio.toFixed(2)}× | ${warmRatio <= 0.4 ? 'yes' : 'no'} |
`;
    writeFileSync('docs/benchmarks.md', report + (existsSync('bench/notes.md') ? `\n${readFileSync('bench/notes.md', 'utf8')}` : ''));
    console.log(report);
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
