import 'server-only';
import { and, desc, eq, inArray, isNull, notExists, sql } from 'drizzle-orm';
import { ACTIVE_RUN_STATUSES, PUBLISHABLE_RUN_STATUSES } from '@/lib/runs/states';
import { planSnapshotExpiry, SnapshotRetention, type SnapshotExpiry } from '@/lib/sources/retention';
import type { Warehouse } from '@/lib/warehouse/types';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import { datasetSources, jobs, pipelinePublishes, pipelineRuns, pipelines, snapshotExpiries, snapshots } from '@/lib/server/db/schema';
import { SAMPLE_JOB } from '@/lib/server/samples/samples';
import { rowsOf } from '@/lib/server/db/rows';
import { currentSnapshot, deltaTableOf } from './loads';

export type SnapshotExpiryPlan = SnapshotExpiry & { datasetId: string; policy: SnapshotRetention };

async function policyOf(db: Db | Tx, datasetId: string, lock: boolean): Promise<SnapshotRetention> {
  const query = db.select({ keepSnapshots: datasetSources.keepSnapshots, keepDays: datasetSources.keepDays }).from(datasetSources).where(eq(datasetSources.datasetId, datasetId));
  const [binding] = lock ? await query.for('update') : await query;
  if (!binding) throw new AppError('not_found', `dataset ${datasetId} is not bound to a source, so it has no snapshots to keep`);
  return binding;
}

/** Why each snapshot of the dataset that something still reads must stay: the current one, the inputs
 * of runs production serves, of runs a rollback can re-point to (their tables are there) and of runs
 * queued or running, and the snapshots of samples being drawn. */
async function protectedSnapshots(db: Db | Tx, datasetId: string): Promise<Map<number, string[]>> {
  const reasons = new Map<number, string[]>();
  const add = (id: number, reason: string) => reasons.set(id, [...(reasons.get(id) ?? []), reason]);
  const current = await currentSnapshot(db, datasetId);
  if (current) add(current.id, 'the current snapshot');

  const runs = await db
    .select({ id: pipelineRuns.id, pipelineId: pipelineRuns.pipelineId, pipelineName: pipelines.name, version: pipelineRuns.version, status: pipelineRuns.status, inputs: pipelineRuns.inputs })
    .from(pipelineRuns)
    .innerJoin(pipelines, eq(pipelines.id, pipelineRuns.pipelineId))
    .where(
      and(
        inArray(pipelineRuns.status, [...ACTIVE_RUN_STATUSES, ...PUBLISHABLE_RUN_STATUSES]),
        isNull(pipelineRuns.expiredAt),
        sql`${pipelineRuns.inputs} @> ${JSON.stringify([{ datasetId }])}::jsonb`,
      ),
    )
    .orderBy(desc(pipelineRuns.id));
  const pipelineIds = [...new Set(runs.map((r) => r.pipelineId))];
  const served = new Set<number>();
  if (pipelineIds.length > 0) {
    const latest = await db
      .selectDistinctOn([pipelinePublishes.pipelineId], { runId: pipelinePublishes.runId })
      .from(pipelinePublishes)
      .where(inArray(pipelinePublishes.pipelineId, pipelineIds))
      .orderBy(pipelinePublishes.pipelineId, desc(pipelinePublishes.id));
    for (const row of latest) served.add(row.runId);
  }
  for (const run of runs) {
    const why = served.has(run.id)
      ? 'production serves it'
      : run.status === 'queued' || run.status === 'running'
        ? `it is ${run.status}`
        : 'a rollback can point production at its tables';
    for (const input of run.inputs) if (input.datasetId === datasetId) add(input.snapshotId, `input of run ${run.id} of ${run.pipelineName} v${run.version}: ${why}`);
  }

  const drawing = await db
    .select({ subject: jobs.subject, payload: jobs.payload })
    .from(jobs)
    .where(and(eq(jobs.kind, SAMPLE_JOB), inArray(jobs.status, ['queued', 'running'])));
  for (const job of drawing) {
    const drawn = (job.payload as { datasets?: { datasetId: string; snapshotId: number }[] }).datasets ?? [];
    for (const d of drawn) if (d.datasetId === datasetId) add(d.snapshotId, `sample ${job.subject} is being drawn from it`);
  }
  return reasons;
}

/** The policy and what expiring under it now would drop, with why every other snapshot stays. */
export async function snapshotExpiryPlan(db: Db | Tx, datasetId: string, options: { now?: Date; lock?: boolean } = {}): Promise<SnapshotExpiryPlan> {
  const policy = await policyOf(db, datasetId, options.lock ?? false);
  const live = await db
    .select({ id: snapshots.id, finishedAt: snapshots.finishedAt })
    .from(snapshots)
    .where(and(eq(snapshots.datasetId, datasetId), notExists(db.select({ one: sql`1` }).from(snapshotExpiries).where(eq(snapshotExpiries.snapshotId, snapshots.id)))))
    .orderBy(desc(snapshots.id));
  const plan = planSnapshotExpiry(live, policy, await protectedSnapshots(db, datasetId), options.now ?? new Date());
  return { datasetId, policy, ...plan };
}

/** A steward's snapshot retention for the dataset (validated again here: the API is not the only
 * caller). Audited; expires nothing. */
export async function setSnapshotRetention(db: Db, input: { datasetId: string; policy: SnapshotRetention; actorId: string }): Promise<void> {
  const parsed = SnapshotRetention.safeParse(input.policy);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid_body', issue ? `${issue.path.join('.') || 'policy'}: ${issue.message}` : 'not a retention policy');
  }
  const policy = parsed.data;
  await db.transaction(async (tx) => {
    const before = await policyOf(tx, input.datasetId, true);
    if (before.keepSnapshots === policy.keepSnapshots && before.keepDays === policy.keepDays) return;
    await tx.update(datasetSources).set(policy).where(eq(datasetSources.datasetId, input.datasetId));
    await appendAudit(tx, { actorId: input.actorId, action: 'source.retention_changed', objectType: 'dataset', objectId: input.datasetId, details: { from: before, to: policy } });
  });
}

/**
 * Expires what the plan says, when a steward asks — never on its own, and only the snapshots the
 * steward confirmed: when the plan changed since it was shown (a load, a run), 409 and nothing goes.
 * The expiries and the audit event are one transaction under the binding's row lock; the raw tables
 * are dropped after it commits (a crash between leaves an unreferenced table, never a live snapshot
 * without its rows). An expired snapshot's table that a kept snapshot still reads through its deltas
 * stays until that one expires too.
 */
export async function expireSnapshots(db: Db, warehouse: Warehouse, input: { datasetId: string; actorId: string; snapshotIds: readonly number[] }): Promise<SnapshotExpiryPlan> {
  const { plan, tables } = await db.transaction(async (tx) => {
    const plan = await snapshotExpiryPlan(tx, input.datasetId, { lock: true });
    if (plan.policy.keepSnapshots === null && plan.policy.keepDays === null) throw new AppError('conflict', `dataset ${input.datasetId} has no retention policy: set how many snapshots or days to keep first`);
    if (plan.expire.length === 0) throw new AppError('conflict', `nothing to expire: every snapshot of ${input.datasetId} is kept by its policy or needed`);
    const asked = new Set(input.snapshotIds);
    if (asked.size !== plan.expire.length || plan.expire.some((id) => !asked.has(id))) {
      throw new AppError('conflict', `the plan changed since it was shown: it now expires snapshot${plan.expire.length === 1 ? '' : 's'} ${plan.expire.join(', ')}; look again and confirm those`, { expire: plan.expire });
    }
    await tx.insert(snapshotExpiries).values(plan.expire.map((snapshotId) => ({ snapshotId, datasetId: input.datasetId, expiredBy: input.actorId })));
    await appendAudit(tx, { actorId: input.actorId, action: 'source.snapshots_expired', objectType: 'dataset', objectId: input.datasetId, details: { snapshots: plan.expire, policy: plan.policy } });
    return { plan, tables: await unreadTables(tx, input.datasetId, plan.expire) };
  });
  for (const name of tables) {
    await warehouse.dropTable({ layer: 'raw', name });
    await warehouse.dropTable(deltaTableOf(name));
  }
  return snapshotExpiryPlan(db, plan.datasetId);
}

/** The physical tables of the expired snapshots, and of the expired ones their deltas read, that no
 * snapshot still kept reads (itself or through its deltas). */
async function unreadTables(tx: Tx, datasetId: string, expired: readonly number[]): Promise<string[]> {
  const ids = sql.join(expired.map((id) => sql`${id}`), sql`, `);
  const rows = rowsOf<{ physical_table: string }>(
    await tx.execute(sql`
      WITH RECURSIVE
        gone(id, delta_of) AS (
          SELECT id, delta_of FROM snapshots WHERE id IN (${ids})
          UNION SELECT s.id, s.delta_of FROM snapshots s JOIN gone g ON s.id = g.delta_of
        ),
        read(id, delta_of) AS (
          SELECT s.id, s.delta_of FROM snapshots s
          WHERE s.dataset_id = ${datasetId} AND NOT EXISTS (SELECT 1 FROM snapshot_expiries e WHERE e.snapshot_id = s.id)
          UNION SELECT s.id, s.delta_of FROM snapshots s JOIN read r ON s.id = r.delta_of
        )
      SELECT physical_table FROM snapshots WHERE id IN (SELECT id FROM gone) AND id NOT IN (SELECT id FROM read) ORDER BY id`),
  );
  return rows.map((r) => r.physical_table);
}
