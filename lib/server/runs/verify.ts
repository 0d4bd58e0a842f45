import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { executeRun } from '@/lib/runs/execute';
import { verifySchemaName } from '@/lib/runs/key';
import { PUBLISHABLE_RUN_STATUSES } from '@/lib/runs/states';
import type { Warehouse } from '@/lib/warehouse/types';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db } from '@/lib/server/db/client';
import { pipelineRuns, runVerifications } from '@/lib/server/db/schema';
import { enqueueJob, type Job } from '@/lib/server/jobs/queue';
import type { JobHandler } from '@/lib/server/jobs/worker';
import { versionCells, versionSpec } from './requests';

export const VERIFY_JOB = 'pipeline.verify';

export type Verification = typeof runVerifications.$inferSelect;
type VerifyPayload = { runId: number; requestedBy: string | null };
type VerifyOutcome = Omit<typeof runVerifications.$inferInsert, 'id' | 'jobId' | 'createdAt'>;

/** Queues a re-execution of a run that passed its checks, from exactly its recorded snapshots. */
export async function requestVerification(db: Db, input: { runId: number; userId: string }): Promise<Job> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(pipelineRuns).where(eq(pipelineRuns.id, input.runId));
    if (!run) throw new AppError('not_found', `run ${input.runId} does not exist`);
    if (!(PUBLISHABLE_RUN_STATUSES as readonly string[]).includes(run.status)) {
      throw new AppError('conflict', `run ${run.id} is ${run.status}: only a run that passed its checks has tables to reproduce`);
    }
    const job = await enqueueJob(tx, { kind: VERIFY_JOB, subject: String(run.id), payload: { runId: run.id, requestedBy: input.userId } satisfies VerifyPayload, maxAttempts: 2 });
    await appendAudit(tx, { actorId: input.userId, action: 'pipeline.run_verify_requested', objectType: 'pipeline', objectId: run.pipelineId, details: { runId: run.id, jobId: job.id } });
    return job;
  });
}

export async function listVerifications(db: Db, runId: number, limit = 10): Promise<Verification[]> {
  return db.select().from(runVerifications).where(eq(runVerifications.runId, runId)).orderBy(desc(runVerifications.id)).limit(limit);
}

/** The verify job: the run's version rebuilt in a scratch schema over its recorded snapshots, every
 * model's row count and fingerprint compared with the run's, the scratch schema dropped. */
export function verifyJobHandler(db: Db, openWarehouse: () => Promise<Warehouse>): JobHandler<VerifyOutcome> {
  return {
    async run(job) {
      const { runId, requestedBy } = job.payload as VerifyPayload;
      const [run] = await db.select().from(pipelineRuns).where(eq(pipelineRuns.id, runId));
      if (!run) throw new Error(`run ${runId} does not exist`);
      const warehouse = await openWarehouse();
      const expected = run.models ?? [];
      const missing = [];
      for (const input of run.inputs) if (!(await warehouse.exists({ layer: 'raw', name: input.physicalTable }))) missing.push(`snapshot ${input.snapshotId} of ${input.name}`);
      if (missing.length > 0) {
        return { runId, status: 'error', models: [], error: `${missing.join(', ')} expired: the run can no longer be reproduced`, requestedBy };
      }
      const spec = await versionSpec(db, run.pipelineId, run.version);
      const schema = verifySchemaName(run.id, job.id);
      try {
        const execution = await executeRun(warehouse, {
          schema,
          cells: await versionCells(db, run.artifactId),
          inputs: run.inputs.map((i) => ({ name: i.name, table: { layer: 'raw', name: i.physicalTable } })),
          outputs: spec.outputs,
        });
        const actual = new Map(execution.models.map((m) => [m.name, m]));
        const models = expected.map((m) => {
          const again = actual.get(m.name);
          const got = again ? { rows: again.rows, fingerprint: again.fingerprint } : null;
          return { name: m.name, expected: { rows: m.rows, fingerprint: m.fingerprint }, actual: got, match: got !== null && got.rows === m.rows && got.fingerprint === m.fingerprint };
        });
        const status = execution.error !== null ? 'error' : models.every((m) => m.match) ? 'match' : 'mismatch';
        return { runId, status, models, error: execution.error, requestedBy };
      } finally {
        await warehouse.dropSchema(schema);
      }
    },
    async commit(tx, job, outcome) {
      await tx.insert(runVerifications).values({ ...outcome, jobId: job.id });
      const [run] = await tx.select({ pipelineId: pipelineRuns.pipelineId }).from(pipelineRuns).where(eq(pipelineRuns.id, outcome.runId));
      await appendAudit(tx, { actorId: outcome.requestedBy ?? null, action: 'pipeline.run_verified', objectType: 'pipeline', objectId: run?.pipelineId ?? '', details: { runId: outcome.runId, status: outcome.status } });
    },
    async fail(tx, job, error) {
      const { runId, requestedBy } = job.payload as VerifyPayload;
      await tx.insert(runVerifications).values({ runId, jobId: job.id, status: 'error', models: [], error, requestedBy });
    },
  };
}
