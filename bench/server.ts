// The production server for `npm run bench` (`next start` on a free port, demo mode, a fresh embedded
// database) and the bare baseline page it serves from public/bench/ (git-ignored, written per run).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Server = { baseUrl: string; buildId: string; stop(): Promise<void> };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** Newest modification time in .next (two levels deep: enough to see a build writing). */
function lastChange(dir = '.next', depth = 2): number {
  if (!existsSync(dir)) return 0;
  let newest = statSync(dir).mtimeMs;
  if (depth === 0) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? lastChange(path, depth - 1) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Uses the existing build (.next/BUILD_ID; `next build` removes it first thing). Without one, a build
 * another process is running (a `next build` process, or .next changing) is waited for; only when
 * nothing is writing one does the bench run `next build` itself. */
async function ensureBuild(): Promise<string> {
  for (let waited = 0; waited < 15 * 60_000; waited += 5_000) {
    if (existsSync('.next/BUILD_ID')) return readFileSync('.next/BUILD_ID', 'utf8').trim();
    const building = /\bnext(\.js)? build\b/mu.test(spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout ?? '');
    if (!building && Date.now() - lastChange() > 60_000) {
      console.log('bench: no .next/BUILD_ID, running next build');
      if (spawnSync('npx', ['next', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('next build failed');
      continue;
    }
    console.log('bench: .next is changing (a build is running?), waiting');
    await sleep(5_000);
  }
  throw new Error('.next kept changing for 15 minutes');
}

/** The bare page, its script, an ES-module copy of apache-arrow (apache-arrow's single-file UMD build,
 * taking its CommonJS branch, then re-exported by name), and duckdb-browser.mjs importing that copy by
 * its path instead of the bare name "apache-arrow". */
const BARE_FILES = ['bare.html', 'bare.mjs', 'apache-arrow.mjs', 'duckdb-browser.mjs'];

function writeBarePage(): void {
  const duckdbDir = 'public/duckdb/1.32.0';
  if (!existsSync(join(duckdbDir, 'duckdb-browser.mjs'))) {
    if (spawnSync('node', ['scripts/copy-engine-assets.mjs'], { stdio: 'inherit' }).status !== 0) throw new Error('copy-engine-assets failed');
  }
  const umdPath = join(process.cwd(), 'node_modules/apache-arrow/Arrow.esnext.min.js');
  const names = Object.keys(createRequire(umdPath)(umdPath) as Record<string, unknown>).filter((name) => /^[A-Za-z_$][\w$]*$/u.test(name));
  const umd = readFileSync(umdPath, 'utf8').replace(/\/\/# sourceMappingURL=.*$/mu, '');
  mkdirSync('public/bench', { recursive: true });
  writeFileSync(
    'public/bench/apache-arrow.mjs',
    `const module = { exports: {} }; const exports = module.exports;\n${umd}\nexport const { ${names.join(', ')} } = exports;\n`,
  );
  writeFileSync('public/bench/duckdb-browser.mjs', readFileSync(join(duckdbDir, 'duckdb-browser.mjs'), 'utf8').replaceAll('from"apache-arrow"', 'from"/bench/apache-arrow.mjs"'));
  copyFileSync('bench/bare.html', 'public/bench/bare.html');
  copyFileSync('bench/bare.mjs', 'public/bench/bare.mjs');
}

/** Demo mode on a fresh embedded database, or with `databaseUrl` on that PostgreSQL database (bench/scale.ts);
 * `port`: a fixed port, else any free one. */
export async function startServer(options: { databaseUrl?: string; port?: number } = {}): Promise<Server> {
  const staleBuild = existsSync('.next/BUILD_ID') && BARE_FILES.some((name) => !existsSync(join('public/bench', name)));
  writeBarePage();
  let buildId = await ensureBuild();
  // `next start` serves only the public files there were at build time: a build made before the
  // bare page was first written (a fresh clone) would answer it with 404.
  if (staleBuild) {
    console.log('bench: the build predates public/bench/, running next build again');
    if (spawnSync('npx', ['next', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('next build failed');
    buildId = readFileSync('.next/BUILD_ID', 'utf8').trim();
  }
  const port = options.port ?? (await freePort());
  const baseUrl = `http://localhost:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', ASSAY_MODE: 'demo', ASSAY_DATA_DIR: dataDir, ASSAY_BASE_URL: baseUrl, PORT: String(port) };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn('npx', ['next', 'start', '-p', String(port)], { env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${baseUrl}/api/health`).then((response) => response.status === 200, () => false);
    if (ok) return { baseUrl, buildId, stop };
    await sleep(500);
  }
  await stop();
  throw new Error('the server did not answer GET /api/health with 200 within 2 minutes');
}

export type Download = { encoding: string; bytes: number; ms: number };

/** One GET of `path` with the given Accept-Encoding, counting the bytes on the wire (not decoded). */
export function download(baseUrl: string, path: string, acceptEncoding: string): Promise<Download> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(`${baseUrl}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ encoding: response.headers['content-encoding'] ?? 'identity', bytes, ms: performance.now() - started }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
