import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '@/lib/server/db/client';
import { claimJob, finishJob, LEASE_MS, renewLease, requeueJob, type Job } from './queue';

/**
 * How one kind of job runs. `run` does the work outside any transaction and must not write the
 * outcome; `commit` stores a successful outcome and `fail` records why the job gave up, each inside
 * the transaction that marks the job finished, so a job's outcome and its status land together.
 */
export type JobHandler<T> = {
  run(job: Job): Promise<T>;
  commit(tx: Tx, job: Job, outcome: T): Promise<void>;
  fail(tx: Tx, job: Job, error: string): Promise<void>;
};

export type Handlers = Record<string, JobHandler<unknown>>;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Why a job that kept losing its worker is given up: it was claimed after its last attempt. */
export const abandonedMessage = (job: Job) =>
  `the job was started ${job.attempts - 1} times and never finished (the server stopped or crashed while it ran)`;

/**
 * Claims and runs one due job; false when none was due. A job that throws is queued again until its
 * attempts are used up, then failed with the error. A job claimed beyond its attempts (its workers
 * kept dying) is failed without running it again.
 */
export async function runNextJob(db: Db, handlers: Handlers, workerId: string): Promise<boolean> {
  const job = await claimJob(db, { kinds: Object.keys(handlers), workerId });
  if (job === null) return false;
  const handler = handlers[job.kind]!;
  const giveUp = (error: string) =>
    db.transaction(async (tx) => {
      if (await finishJob(tx, job, workerId, { status: 'failed', error })) await handler.fail(tx, job, error);
    });
  if (job.attempts > job.maxAttempts) {
    await giveUp(abandonedMessage(job));
    return true;
  }
  const renewal = setInterval(() => void renewLease(db, job, workerId).catch(() => {}), LEASE_MS / 3);
  try {
    const outcome = await handler.run(job);
    await db.transaction(async (tx) => {
      if (await finishJob(tx, job, workerId, { status: 'succeeded' })) await handler.commit(tx, job, outcome);
    });
  } catch (error) {
    if (job.attempts >= job.maxAttempts) await giveUp(messageOf(error));
    else await requeueJob(db, job, workerId, messageOf(error));
  } finally {
    clearInterval(renewal);
  }
  return true;
}

export type JobWorker = { wake(): void; stop(): Promise<void> };

/** Runs due jobs one at a time until stopped; polls every `pollMs` when idle, or sooner when woken. */
export function startJobWorker(db: Db, handlers: Handlers, options: { pollMs?: number; onError?: (error: unknown) => void } = {}): JobWorker {
  const workerId = `worker-${randomUUID()}`;
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.pollMs ?? 2_000);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      let ran = false;
      try {
        ran = await runNextJob(db, handlers, workerId);
      } catch (error) {
        options.onError?.(error);
      }
      if (!ran && !stopped) await idle();
      wakeUp = null;
    }
  })();
  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
