import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { PageQuery } from '@/lib/pagination/query';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db } from '@/lib/server/db/client';
import { experiments, pipelines, pipelineVersions, users } from '@/lib/server/db/schema';
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
export async function rollback(db: Db, input: { pipelineId: string; user: SessionUser; toVersion: number; expectedVersion: number }): Promise<{ from: number; to: number }> {
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
    return { from: input.expectedVersion, to: input.toVersion };
  });
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
