import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';

// Issue 16, item 7, with real servers: a second `next start` on the same embedded data directory is
// refused naming the first; after the first is killed (SIGKILL, no clean-up), the next start works.
// Ports apart from the suite's own server (E2E_PORT) and from other runs on this machine.

const PORT = Number(process.env.E2E_PORT ?? 3100) + 1000;

type Server = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function start(dataDir: string, port: number): Server {
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ASSAY_MODE: 'demo', ASSAY_DATA_DIR: dataDir, ASSAY_BASE_URL: `http://localhost:${port}`, PORT: String(port) },
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function healthy(port: number) {
  await expect(async () => expect((await fetch(`http://localhost:${port}/api/health`)).status).toBe(200)).toPass({ timeout: 90_000 });
}

test('a second server on the same data directory is refused naming the first, and a killed first does not block the next', async () => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'assay-lock-e2e-'));
  const first = start(dataDir, PORT);
  let third: Server | undefined;
  try {
    await healthy(PORT);
    const second = start(dataDir, PORT + 1);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(new RegExp(`assay: the data directory ${dataDir} is in use by process \\d+ on .+, started .+\\. Two servers on one embedded database corrupt it`));

    first.child.kill('SIGKILL');
    await first.exited;
    third = start(dataDir, PORT + 2);
    await healthy(PORT + 2);
    expect(third.output()).toContain('assay: demo workspace ready');
  } finally {
    first.child.kill('SIGKILL');
    if (third) {
      third.child.kill('SIGTERM');
      await third.exited;
    }
  }
});
