import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobs } from '@/lib/server/db/schema';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { claimJob, enqueueJob, type Job } from './queue';
import { runNextJob, type JobHandler } from './worker';

/** A handler that records what happened to each job, and throws while `failures` lasts. */
function probe(failures = 0) {
  const seen = { runs: [] as number[], committed: [] as [number, string][], failed: [] as [number, string][] };
  let left = failures;
  const handler: JobHandler<string> = {
    async run(job) {
      seen.runs.push(job.id);
      if (left-- > 0) throw new Error(`boom ${job.attempts}`);
      return `done ${job.payload.n}`;
    },
    async commit(_tx, job, outcome) {
      seen.committed.push([job.id, outcome]);
    },
    async fail(_tx, job, error) {
      seen.failed.push([job.id, error]);
    },
  };
  return { seen, handlers: { test: handler as JobHandler<unknown> } };
}

describe.each(TEST_DATABASES)('jobs on %s', (kind) => {
  let app: TestApp;
  const job = async (id: number): Promise<Job> => (await app.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;
  /** Makes a queued job due now (a retry waits a back-off first). */
  const due = (id: number) => app.db.update(jobs).set({ runAfter: sql`now() - interval '1 second'` }).where(eq(jobs.id, id));

  beforeAll(async () => {
    app = await openTestApp(kind);
  });
  beforeEach(async () => {
    await app.db.execute(sql`UPDATE jobs SET status = 'succeeded' WHERE status IN ('queued', 'running')`);
  });
  afterAll(() => app.close());

  it('runs a queued job once and stores its outcome with its status', async () => {
    const { seen, handlers } = probe();
    const queued = await enqueueJob(app.db, { kind: 'test', subject: 's1', payload: { n: 1 } });
    expect(await runNextJob(app.db, handlers, 'w1')).toBe(true);
    expect(await runNextJob(app.db, handlers, 'w1')).toBe(false);
    expect(seen).toEqual({ runs: [queued.id], committed: [[queued.id, 'done 1']], failed: [] });
    expect(await job(queued.id)).toMatchObject({ status: 'succeeded', attempts: 1, lastError: null, leaseUntil: null });
  });

  it('queues a job that threw again after a back-off, and fails it with the last error once its attempts are used up', async () => {
    const { seen, handlers } = probe(3);
    const queued = await enqueueJob(app.db, { kind: 'test', subject: 's2', payload: { n: 2 }, maxAttempts: 3 });
    await runNextJob(app.db, handlers, 'w1');
    const retry = await job(queued.id);
    expect(retry).toMatchObject({ status: 'queued', attempts: 1, lastError: 'boom 1' });
    expect(retry.runAfter.getTime()).toBeGreaterThan(Date.now());
    expect(await runNextJob(app.db, handlers, 'w1')).toBe(false);
    await due(queued.id);
    await runNextJob(app.db, handlers, 'w1');
    await due(queued.id);
    await runNextJob(app.db, handlers, 'w1');
    expect(await job(queued.id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'boom 3' });
    expect(seen).toEqual({ runs: [queued.id, queued.id, queued.id], committed: [], failed: [[queued.id, 'boom 3']] });
  });

  it('survives its worker dying: a lapsed claim is taken over by the next worker', async () => {
    const { seen, handlers } = probe();
    const queued = await enqueueJob(app.db, { kind: 'test', subject: 's3', payload: { n: 3 } });
    // Worker w1 claims the job and dies before finishing; its lease lapses.
    expect((await claimJob(app.db, { kinds: ['test'], workerId: 'w1', leaseMs: 1 }))?.id).toBe(queued.id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await runNextJob(app.db, handlers, 'w2')).toBe(true);
    expect(seen.committed).toEqual([[queued.id, 'done 3']]);
    expect(await job(queued.id)).toMatchObject({ status: 'succeeded', attempts: 2, lockedBy: 'w2' });
  });

  it('does not take a job whose claim is still live', async () => {
    const { handlers } = probe();
    const queued = await enqueueJob(app.db, { kind: 'test', subject: 's4', payload: { n: 4 } });
    expect((await claimJob(app.db, { kinds: ['test'], workerId: 'w1' }))?.id).toBe(queued.id);
    expect(await runNextJob(app.db, handlers, 'w2')).toBe(false);
    expect(await job(queued.id)).toMatchObject({ status: 'running', lockedBy: 'w1' });
  });

  it('fails a job that kept losing its worker without running it again', async () => {
    const { seen, handlers } = probe();
    const queued = await enqueueJob(app.db, { kind: 'test', subject: 's5', payload: { n: 5 }, maxAttempts: 2 });
    for (const worker of ['w1', 'w2']) {
      expect((await claimJob(app.db, { kinds: ['test'], workerId: worker, leaseMs: 1 }))?.id).toBe(queued.id);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await runNextJob(app.db, handlers, 'w3')).toBe(true);
    expect(seen.runs).toEqual([]);
    expect(seen.failed).toEqual([[queued.id, 'the job was started 2 times and never finished (the server stopped or crashed while it ran)']]);
    expect(await job(queued.id)).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('stores nothing when the claim was lost while the job ran', async () => {
    const queued = await enqueueJob(app.db, { kind: 'test', subject: 's6', payload: { n: 6 } });
    const committed: number[] = [];
    const handlers = {
      test: {
        async run() {
          // Another worker took the job over meanwhile (as if this one had stalled past its lease).
          await app.db.update(jobs).set({ lockedBy: 'w-other' }).where(eq(jobs.id, queued.id));
          return 'late';
        },
        async commit(_tx: unknown, job: Job) {
          committed.push(job.id);
        },
        async fail() {},
      } as JobHandler<unknown>,
    };
    await runNextJob(app.db, handlers, 'w1');
    expect(committed).toEqual([]);
    expect(await job(queued.id)).toMatchObject({ status: 'running', lockedBy: 'w-other' });
  });

  it('only claims the kinds it was asked for', async () => {
    const other = await enqueueJob(app.db, { kind: 'other', subject: 's7', payload: {} });
    expect(await claimJob(app.db, { kinds: ['test'], workerId: 'w1' })).toBeNull();
    expect((await job(other.id)).status).toBe('queued');
  });
});
