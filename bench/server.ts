import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export type Server = { baseUrl: string; stop(): void };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Writes the bare baseline page into public/bench/ (git-ignored) before the server starts. */
export async function writeBarePage(): Promise<void> {
  mkdirSync('public/bench', { recursive: true });
  await build({ entryPoints: ['bench/bare-entry.ts'], bundle: true, minify: true, format: 'esm', outfile: 'public/bench/bare.js', logLevel: 'error' });
  writeFileSync('public/bench/bare.html', '<!doctype html><html><head><meta charset="utf-8"><title>bare</title></head><body><script type="module" src="/bench/bare.js"></script></body></html>');
}

export async function startServer(): Promise<Server> {
  if (!existsSync('.next/BUILD_ID')) {
    await new Promise<void>((resolve, reject) =>
      spawn('npx', ['next', 'build'], { stdio: 'inherit' }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error('next build failed')))),
    );
  }
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    ASSAY_MODE: 'demo',
    ASSAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'assay-bench-')),
    ASSAY_BASE_URL: baseUrl,
    PORT: String(port),
  };
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn('npx', ['next', 'start', '-p', String(port)], { env, stdio: 'ignore', detached: true });
  const stop = () => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  };
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) return { baseUrl, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error('the server did not become healthy within 60 s');
}
