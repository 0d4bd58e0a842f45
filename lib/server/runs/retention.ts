import 'server-only';
import { rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { PUBLISHABLE_RUN_STATUSES } from '@/lib/runs/states';
import type { RunSchema, Warehouse } from '@/lib/warehouse/types';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import { pipelinePublishes, pipelineRuns, pipelines } from '@/lib/server/db/schema';
import { latestPublish } from './requests';

export type ExpiryPlan = {
  keep: number | null;
  /** Runs whose tables the policy would drop now, newest first. */
  expire: { runId: number; version: number }[];
  /** Versions left with no run to roll back to in place: a rollback to them would run them again. */
  versionsLosingData: number[];
};

/** What expiring under the pipeline's policy would drop: every run with tables beyond the `keep`
 * newest, never the one production serves. No policy, nothing. */
export async function expiryPlan(db: Db | Tx, pipelineId: string): Promise<ExpiryPlan> {
  const [pipeline] = await db.select({ keep: pipelines.keepPublishedRuns }).from(pipelines).where(eq(pipelines.id, pipelineId));
  if (!pipeline) throw new AppError('not_found', `pipeline ${pipelineId} does not exist`);
  if (pipeline.keep === null) return { keep: null, expire: [], versionsLosingData: [] };
  const withTables = await db
    .select({ runId: pipelineRuns.id, version: pipelineRuns.version })
    .from(pipelineRuns)
    .where(and(eq(pipelineRuns.pipelineId, pipelineId), inArray(pipelineRuns.status, PUBLISHABLE_RUN_STATUSES), isNull(pipelineRuns.expiredAt)))
    .orderBy(desc(pipelineRuns.id));
  const served = (await latestPublish(db, pipelineId))?.runId ?? null;
  const expire = withTables.filter((run, i) => i >= pipeline.keep! && run.runId !== served);
  const left = new Set(withTables.filter((run) => !expire.includes(run)).map((run) => run.version));
  const versionsLosingData = [...new Set(expire.map((run) => run.version))].filter((v) => !left.has(v)).sort((a, b) => a - b);
  return { keep: pipeline.keep, expire, versionsLosingData };
}

/** A steward's retention policy: keep this many runs with tables (null: keep all). Audited. */
export async function setRunRetention(db: Db, input: { pipelineId: string; keep: number | null; actorId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [pipeline] = await tx.select().from(pipelines).where(eq(pipelines.id, input.pipelineId)).for('update');
    if (!pipeline) throw new AppError('not_found', `pipeline ${input.pipelineId} does not exist`);
    if (pipeline.keepPublishedRuns === input.keep) return;
    await tx.update(pipelines).set({ keepPublishedRuns: input.keep, updatedAt: sql`now()` }).where(eq(pipelines.id, pipeline.id));
    await appendAudit(tx, { actorId: input.actorId, action: 'pipeline.settings_changed', objectType: 'pipeline', objectId: pipeline.id, details: { keepPublishedRuns: { from: pipeline.keepPublishedRuns, to: input.keep } } });
  });
}

/**
 * Expires what the policy says, when a steward asks — never on its own. A version that would be left
 * without tables must be named in `confirmVersions` (otherwise 409 naming them): rolling back to it
 * afterwards runs it again instead of re-pointing. The runs are marked expired and audited in one
 * transaction; their schemas and the Parquet copies of their publishes (under `publishedRoot`) are
 * removed after it commits (a crash between leaves unreferenced files, never a served run without them).
 */
export async function expireRuns(
  db: Db,
  warehouse: Warehouse,
  input: { pipelineId: string; actorId: string; confirmVersions: readonly number[]; publishedRoot: string },
): Promise<ExpiryPlan> {
  const { plan, schemas, parquetDirs } = await db.transaction(async (tx) => {
    await tx.select({ id: pipelines.id }).from(pipelines).where(eq(pipelines.id, input.pipelineId)).for('update');
    const plan = await expiryPlan(tx, input.pipelineId);
    if (plan.keep === null) throw new AppError('conflict', 'this pipeline has no retention policy: set how many runs to keep first');
    if (plan.expire.length === 0) throw new AppError('conflict', `nothing to expire: the pipeline has no more than ${plan.keep} runs with tables besides the one it serves`);
    const unconfirmed = plan.versionsLosingData.filter((v) => !input.confirmVersions.includes(v));
    if (unconfirmed.length > 0) {
      throw new AppError('conflict', `expiring would leave version${unconfirmed.length > 1 ? 's' : ''} ${unconfirmed.join(', ')} with no tables to roll back to (a rollback would run ${unconfirmed.length > 1 ? 'them' : 'it'} again): confirm ${unconfirmed.length > 1 ? 'them' : 'it'}`, { versions: unconfirmed });
    }
    const runIds = plan.expire.map((r) => r.runId);
    const expired = await tx
      .update(pipelineRuns)
      .set({ expiredAt: sql`now()`, expiredBy: input.actorId })
      .where(and(inArray(pipelineRuns.id, runIds), isNull(pipelineRuns.expiredAt)))
      .returning({ schema: pipelineRuns.schemaName });
    await appendAudit(tx, { actorId: input.actorId, action: 'pipeline.runs_expired', objectType: 'pipeline', objectId: input.pipelineId, details: { runs: runIds, keep: plan.keep, versionsLosingData: plan.versionsLosingData } });
    const copies = await tx
      .select({ dir: pipelinePublishes.parquetDir })
      .from(pipelinePublishes)
      .where(and(inArray(pipelinePublishes.runId, runIds), eq(pipelinePublishes.kind, 'run')));
    return { plan, schemas: expired.map((r) => r.schema as RunSchema), parquetDirs: copies.flatMap((c) => (c.dir ? [c.dir] : [])) };
  });
  for (const schema of schemas) await warehouse.dropSchema(schema);
  for (const dir of parquetDirs) {
    const path = resolve(input.publishedRoot, dir);
    // Only ever under the published root, whatever a row says.
    if (!relative(input.publishedRoot, path).startsWith('..')) rmSync(path, { recursive: true, force: true });
  }
  return plan;
}
