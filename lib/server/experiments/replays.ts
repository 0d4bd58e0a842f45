import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { ARTIFACT_FORMAT, type Artifact } from '@/lib/artifact/schema';
import { replayArtifact, type StoredReplay } from '@/lib/artifact/replay';
import { createNativeEngine, NATIVE_PACKAGE } from '@/lib/engine/native';
import { limitTime } from '@/lib/engine/time-limit';
import { AppError } from '@/lib/errors';
import { replayAlerts } from '@/lib/server/alerts/rules';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import { experimentReplays, experiments } from '@/lib/server/db/schema';
import { enqueueJob, pendingJob, type Job } from '@/lib/server/jobs/queue';
import type { JobHandler } from '@/lib/server/jobs/worker';
import { storedSamples } from '@/lib/server/samples/samples';

export const REPLAY_JOB = 'experiment.replay';

/** What an experiment's replay badge shows: a job still to finish, or the latest stored outcome. */
export type ReplayState =
  | { status: 'queued' | 'running'; attempts: number; lastError: string | null; result: StoredReplay | null }
  | { status: StoredReplay['status']; attempts: number; lastError: null; result: StoredReplay }
  | { status: 'none'; attempts: 0; lastError: null; result: null };

export async function enqueueReplay(db: Db | Tx, experimentId: string) {
  return enqueueJob(db, { kind: REPLAY_JOB, subject: experimentId, payload: { experimentId } });
}

export async function latestReplay(db: Db | Tx, experimentId: string): Promise<StoredReplay | null> {
  const [row] = await db
    .select({ result: experimentReplays.result })
    .from(experimentReplays)
    .where(eq(experimentReplays.experimentId, experimentId))
    .orderBy(desc(experimentReplays.seq))
    .limit(1);
  return row?.result ?? null;
}

/** The job is read before the result, not alongside it: a job that finishes between two parallel reads
 * (separate connections on PostgreSQL) would otherwise look neither pending nor stored. */
export async function replayState(db: Db | Tx, experimentId: string): Promise<ReplayState> {
  const job = await pendingJob(db, REPLAY_JOB, experimentId);
  const result = await latestReplay(db, experimentId);
  if (job) return { status: job.status as 'queued' | 'running', attempts: job.attempts, lastError: job.lastError, result };
  if (result) return { status: result.status, attempts: 0, lastError: null, result };
  return { status: 'none', attempts: 0, lastError: null, result: null };
}

/** Queues another replay (e.g. after a failed one); a pending one is returned instead of a second. */
export async function requestReplay(db: Db, input: { experimentId: string; userId: string }): Promise<ReplayState> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ id: experiments.id }).from(experiments).where(eq(experiments.id, input.experimentId)).for('update');
    if (!row) throw new AppError('not_found', `experiment ${input.experimentId} does not exist`);
    if (await pendingJob(tx, REPLAY_JOB, input.experimentId)) return;
    const job = await enqueueReplay(tx, input.experimentId);
    await appendAudit(tx, { actorId: input.userId, action: 'experiment.replay_requested', objectType: 'experiment', objectId: input.experimentId, details: { jobId: job.id } });
  });
  return replayState(db, input.experimentId);
}

const experimentIdOf = (job: Job) => String(job.payload.experimentId);

async function storeReplay(tx: Tx, job: Job, result: StoredReplay): Promise<void> {
  const experimentId = experimentIdOf(job);
  await tx.insert(experimentReplays).values({ experimentId, jobId: job.id, status: result.status, result });
  await appendAudit(tx, {
    actorId: null,
    action: 'experiment.replayed',
    objectType: 'experiment',
    objectId: experimentId,
    details: { jobId: job.id, status: result.status, ...(result.error ? { error: result.error.slice(0, 500) } : {}) },
  });
  await replayAlerts(tx, { experimentId, result });
}

/**
 * Replays run on a fresh hardened native engine per job, single-threaded, under a wall-clock limit:
 * past it the running query is interrupted (again every 250 ms, so no later cell starts either) and
 * the replay is stored as an error saying so. A replay that finds a difference or an error is a
 * result, not a job failure; the job fails only when the replay could not be carried out.
 */
export function replayJobHandler(db: Db, limits: { timeoutMs: number; memoryLimit: string }): JobHandler<StoredReplay> {
  return {
    async run(job) {
      const [row] = await db
        .select({ content: experiments.content, annotations: experiments.annotations, format: experiments.format })
        .from(experiments)
        .where(eq(experiments.id, experimentIdOf(job)));
      if (!row) throw new Error(`experiment ${experimentIdOf(job)} does not exist`);
      const artifact: Artifact = { format: ARTIFACT_FORMAT, content: row.content, annotations: row.annotations };
      const engine = await createNativeEngine({ threads: 1, memoryLimit: limits.memoryLimit });
      const limit = limitTime(engine, limits.timeoutMs);
      try {
        const version = String((await engine.query('SELECT version()', { exactTypes: false })).rows[0]?.[0] ?? '');
        const result = await replayArtifact(engine, artifact, { samples: storedSamples(db) });
        const stored: StoredReplay = { ...result, engine: { duckdbVersion: version, packageVersion: NATIVE_PACKAGE, threads: 1 } };
        if (!limit.timedOut) return stored;
        return { ...stored, status: 'error', error: `the replay took longer than the limit of ${limits.timeoutMs / 1_000} s and was stopped` };
      } finally {
        limit.stop();
        await engine.close();
      }
    },
    commit: storeReplay,
    async fail(tx, job, error) {
      await storeReplay(tx, job, {
        status: 'failed',
        models: [],
        inputs: [],
        checks: [],
        error: `the replay could not be carried out: ${error}`,
        elapsedMs: 0,
        engine: { duckdbVersion: '', packageVersion: NATIVE_PACKAGE, threads: 1 },
      });
    },
  };
}
