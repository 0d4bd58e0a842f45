import 'server-only';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

export class DataDirLockedError extends Error {}

type Owner = { pid: number; hostname: string; startedAt: string };

const LOCK = 'assay.lock';
const OWNER = 'assay.lock.json';

function readOwner(dir: string): Owner | null {
  try {
    return JSON.parse(readFileSync(join(dir, OWNER), 'utf8')) as Owner;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per embedded data directory: two PGlite instances on one directory diverge and leave it
 * unopenable. The lock is proper-lockfile's (an atomic mkdir, refreshed while the process lives, so it
 * goes stale by itself); its owner file names the holder. A holder on this machine whose pid is gone
 * (killed, crashed) is known dead at once, and its lock is taken over without waiting for staleness.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const take = () =>
    lockfile.lockSync(dir, {
      lockfilePath: join(dir, LOCK),
      realpath: false,
      stale: 30_000,
      onCompromised: (error) => {
        // Someone removed or took the lock while we held it: stop writing rather than split the brain.
        console.error(`assay: lost the lock on the data directory ${dir}: ${error.message}; stopping`);
        process.exit(1);
      },
    });
  let release: () => void;
  try {
    release = take();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = readOwner(dir);
    if (!owner || owner.hostname !== hostname() || isAlive(owner.pid)) {
      const who = owner ? `process ${owner.pid} on ${owner.hostname}, started ${owner.startedAt}` : 'another process that is starting';
      throw new DataDirLockedError(
        `the data directory ${dir} is in use by ${who}. Two servers on one embedded database corrupt it: stop that one, or give this one its own ASSAY_DATA_DIR (or use DATABASE_URL).`,
      );
    }
    rmSync(join(dir, LOCK), { recursive: true, force: true });
    release = take();
  }
  writeFileSync(join(dir, OWNER), JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() } satisfies Owner));
  return () => {
    rmSync(join(dir, OWNER), { force: true });
    release();
  };
}
