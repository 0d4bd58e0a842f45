import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';

function startServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn('npx', ['next', 'start', '-p', '3399'], {
      env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ASSAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'assay-prod-')), ...env },
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
    child.on('exit', (code: number | null) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test('production mode refuses to start without its secrets, naming each one', async () => {
  const { code, output } = await startServer({ ASSAY_MODE: 'production' });
  expect(code).toBe(1);
  expect(output).toContain(
    'assay: production mode refuses to start without DATABASE_URL (production runs on PostgreSQL), ASSAY_SECRET (at least 32 random characters), ASSAY_BASE_URL (the public URL users open)',
  );
});
