import 'server-only';
import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { PageQuery } from '@/lib/pagination/query';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import { PUBLISHABLE_RUN_STATUSES } from '@/lib/runs/states';
import type { Warehouse } from '@/lib/warehouse/types';
import { experiments, pipelineRuns, pipelines, pipelineVersions, users } from '@/lib/server/db/schema';
import { publishRun } from '@/lib/server/runs/publish';
import { describeRunRequest, requestRun, type RunRequestOutcome } from '@/lib/server/runs/requests';
import { afterKey, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';
import type { SessionUser } from '@/lib/server/users/users';

export const RollbackBody = z.strictObject({
  toVersion: z.number().int().positive(),
  /** The version the caller saw in production: a rollback over anything else is refused. */
  expectedVersion: z.number().int().positive(),
});

export type PipelineVersion = {
  version: number;
  artifactId: string;
  title: string;
  requestId: string;
  promotedByName: string;
  approvals: { reviewerId: string; reviewerName: string; roles: string[]; at: string }[];
  createdAt: Date;
};
export type Pipeline = { id: string; name: string; ownerName: string; requiredApprovals: number; currentVersion: number | null; versions: PipelineVersion[] };

export type PipelineSummary = { id: string; name: string; ownerName: string; currentVersion: number | null; updatedAt: Date };

/** The pipeline list's page size. */
export const PipelinePage = PageQuery({ defaultLimit: 50, maxLimit: 200 });

/** By name (unique, so the order is total), one page. */
export async function listPipelines(db: Db, page: PageRequest): Promise<KeyedPage<PipelineSummary>> {
  const rows = await db
    .select({ id: pipelines.id, name: pipelines.name, ownerName: users.name, currentVersion: pipelines.currentVersion, updatedAt: pipelines.updatedAt })
    .from(pipelines)
    .innerJoin(users, eq(users.id, pipelines.ownerId))
    .where(afterKey(page, 'asc', [[pipelines.name, 'text']]))
    .orderBy(pipelines.name)
    .limit(page.limit + 1);
  return keyedPage(rows, page, (row) => [row.name]);
}

export async function getPipelineOrThrow(db: Db, id: string): Promise<Pipeline> {
  const [row] = await db.select({ pipeline: pipelines, ownerName: users.name }).from(pipelines).innerJoin(users, eq(users.id, pipelines.ownerId)).where(eq(pipelines.id, id));
  if (!row) throw new AppError('not_found', `pipeline ${id} does not exist`);
  const versions = await db
    .select({
      version: pipelineVersions.version,
      artifactId: pipelineVersions.artifactId,
      annotations: experiments.annotations,
      requestId: pipelineVersions.requestId,
      promotedByName: users.name,
      approvals: pipelineVersions.approvals,
      createdAt: pipelineVersions.createdAt,
    })
    .from(pipelineVersions)
    .innerJoin(experiments, eq(experiments.id, pipelineVersions.artifactId))
    .innerJoin(users, eq(users.id, pipelineVersions.promotedBy))
    .where(eq(pipelineVersions.pipelineId, id))
    .orderBy(desc(pipelineVersions.version));
  const { pipeline } = row;
  return {
    id: pipeline.id,
    name: pipeline.name,
    ownerName: row.ownerName,
    requiredApprovals: pipeline.requiredApprovals,
    currentVersion: pipeline.currentVersion,
    versions: versions.map(({ annotations, ...v }) => ({ ...v, title: annotations.title })),
  };
}

/** Points production at an earlier (or later) version in one compare-and-swap; every version stays,
 * so any of them can be rolled back to at any time. Audited. */
export type RollbackOutcome = {
  from: number;
  to: number;
  /** What production's data did: re-pointed at the version's last good run, or a run of it queued. */
  /** `tablesExpired`: the version did publish, but retention expired the tables of every such run. */
  data: { kind: 'published'; runId: number } | { kind: 'run'; outcome: RunRequestOutcome; tablesExpired: boolean } | { kind: 'none'; reason: string; tablesExpired: boolean };
  message: string;
};

export async function rollback(
  db: Db,
  warehouse: Warehouse,
  input: { pipelineId: string; user: SessionUser; toVersion: number; expectedVersion: number },
): Promise<RollbackOutcome> {
  return db.transaction(async (tx) => {
    const [pipeline] = await tx.select().from(pipelines).where(eq(pipelines.id, input.pipelineId)).for('update');
    if (!pipeline) throw new AppError('not_found', `pipeline ${input.pipelineId} does not exist`);
    const [target] = await tx
      .select({ version: pipelineVersions.version })
      .from(pipelineVersions)
      .where(and(eq(pipelineVersions.pipelineId, pipeline.id), eq(pipelineVersions.version, input.toVersion)));
    if (!target) throw new AppError('not_found', `pipeline ${pipeline.name} has no version ${input.toVersion}`);
    if (pipeline.currentVersion !== input.expectedVersion) {
      throw new AppError('stale_version', `production is version ${pipeline.currentVersion ?? 'none'}, not ${input.expectedVersion} as you saw it: reload before rolling back`);
    }
    if (input.toVersion === pipeline.currentVersion) throw new AppError('conflict', `version ${input.toVersion} is already in production`);
    await tx.update(pipelines).set({ currentVersion: input.toVersion, updatedAt: sql`now()` }).where(eq(pipelines.id, pipeline.id));
    await appendAudit(tx, {
      actorId: input.user.id,
      action: 'pipeline.rolled_back',
      objectType: 'pipeline',
      objectId: pipeline.id,
      details: { from: pipeline.currentVersion, to: input.toVersion },
    });
    const data = await moveProductionData(tx, warehouse, { pipelineId: pipeline.id, version: input.toVersion, userId: input.user.id });
    const why = data.kind === 'published' ? '' : data.tablesExpired ? `the tables of version ${input.toVersion} were expired by retention` : `version ${input.toVersion} never ran`;
    const message =
      data.kind === 'published'
        ? `production serves version ${input.toVersion} again: the data of its run ${data.runId}, without recomputing`
        : data.kind === 'run'
          ? `${why}: ${describeRunRequest(data.outcome)}; until it publishes, production keeps serving the previous data`
          : `${why} and it cannot run yet (${data.reason}); production keeps serving the previous data`;
    return { from: input.expectedVersion, to: input.toVersion, data, message };
  });
}

/** Points production's names at the version's last run that passed its checks and still has its
 * tables (no recompute), or queues a run of it when it has none. */
async function moveProductionData(tx: Tx, warehouse: Warehouse, input: { pipelineId: string; version: number; userId: string }): Promise<RollbackOutcome['data']> {
  const [last] = await tx
    .select()
    .from(pipelineRuns)
    .where(and(eq(pipelineRuns.pipelineId, input.pipelineId), eq(pipelineRuns.version, input.version), inArray(pipelineRuns.status, PUBLISHABLE_RUN_STATUSES), isNull(pipelineRuns.expiredAt)))
    .orderBy(desc(pipelineRuns.id))
    .limit(1);
  if (last) {
    await publishRun(tx, warehouse, { pipelineId: input.pipelineId, run: last, kind: 'rollback', actorId: input.userId, parquetDir: null });
    if (last.status === 'built') await tx.update(pipelineRuns).set({ status: 'published' }).where(eq(pipelineRuns.id, last.id));
    return { kind: 'published', runId: last.id };
  }
  const [expired] = await tx
    .select({ id: pipelineRuns.id })
    .from(pipelineRuns)
    .where(and(eq(pipelineRuns.pipelineId, input.pipelineId), eq(pipelineRuns.version, input.version), inArray(pipelineRuns.status, PUBLISHABLE_RUN_STATUSES), isNotNull(pipelineRuns.expiredAt)))
    .limit(1);
  const tablesExpired = expired !== undefined;
  try {
    return { kind: 'run', tablesExpired, outcome: await requestRun(tx, { pipelineId: input.pipelineId, version: input.version, trigger: 'rollback', userId: input.userId }) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return { kind: 'none', tablesExpired, reason: error.message };
    throw error;
  }
}

export const PipelineSettingsBody = z.strictObject({
  requiredApprovals: z.number().int().min(1, 'at least one approval').max(5, 'at most 5 approvals'),
});

/** How many approvals a promotion needs (who may set it is decided at the route). Applies to open
 * requests too. */
export async function setRequiredApprovals(db: Db, input: { pipelineId: string; user: SessionUser; requiredApprovals: number }): Promise<void> {
  await db.transaction(async (tx) => {
    const [pipeline] = await tx.select().from(pipelines).where(eq(pipelines.id, input.pipelineId)).for('update');
    if (!pipeline) throw new AppError('not_found', `pipeline ${input.pipelineId} does not exist`);
    if (pipeline.requiredApprovals === input.requiredApprovals) return;
    await tx.update(pipelines).set({ requiredApprovals: input.requiredApprovals, updatedAt: sql`now()` }).where(eq(pipelines.id, pipeline.id));
    await appendAudit(tx, {
      actorId: input.user.id,
      action: 'pipeline.settings_changed',
      objectType: 'pipeline',
      objectId: pipeline.id,
      details: { requiredApprovals: { from: pipeline.requiredApprovals, to: input.requiredApprovals } },
    });
  });
}
