import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { DataDirLockedError, lockDataDir } from './data-dir-lock';

const scratch = () => mkdtempSync(join(tmpdir(), 'assay-lock-'));

/** Another process holding the lock on `dir`, resolved once it has it. */
async function holder(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', join(import.meta.dirname, 'hold-data-dir-lock.fixture.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return child;
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('the lock on the embedded data directory', () => {
  it('refuses a second database on the same directory, naming the process that has it, until the first closes', async () => {
    const dir = scratch();
    const first = openDatabase({ kind: 'pglite', dataDir: dir });
    await first.migrate();
    expect(() => openDatabase({ kind: 'pglite', dataDir: dir })).toThrow(DataDirLockedError);
    expect(() => openDatabase({ kind: 'pglite', dataDir: dir })).toThrow(new RegExp(`^the data directory ${dir} is in use by process ${process.pid} on `));
    await first.close();
    const second = openDatabase({ kind: 'pglite', dataDir: dir });
    await second.migrate();
    await second.close();
  });

  it('refuses while another process holds it, and a killed holder does not block the next start', async () => {
    const dir = scratch();
    const child = await holder(dir);
    try {
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${child.pid} on .*stop that one, or give this one its own ASSAY_DATA_DIR`));
    } finally {
      await killed(child);
    }
    const release = lockDataDir(dir);
    release();
  });
});
