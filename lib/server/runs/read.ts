import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Column, Rows } from '@/lib/engine/types';
import { PageQuery } from '@/lib/pagination/query';
import type { Warehouse } from '@/lib/warehouse/types';
import { AppError } from '@/lib/errors';
import type { Db } from '@/lib/server/db/client';
import { pipelinePublishes, pipelineRuns } from '@/lib/server/db/schema';
import { afterKey, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';
import { currentInputs, latestPublish, versionSpec, type Run } from './requests';

/** A run id in a path. */
export const RunId = z.coerce.number({ error: 'a run id is a whole number' }).int('a run id is a whole number').positive('a run id is a whole number');

/** The run history's page size. */
export const RunPage = PageQuery({ defaultLimit: 20, maxLimit: 100 });

/** A run as lists show it: without the failing-row samples and schemas. */
export type RunSummary = Pick<Run, 'id' | 'version' | 'status' | 'trigger' | 'rowsIn' | 'rowsOut' | 'elapsedMs' | 'error' | 'createdAt' | 'startedAt' | 'finishedAt' | 'expiredAt'> & {
  checksFailed: number;
  checksWarned: number;
};

/** Newest first, one page. */
export async function listRuns(db: Db, pipelineId: string, page: PageRequest): Promise<KeyedPage<RunSummary>> {
  const rows = await db
    .select()
    .from(pipelineRuns)
    .where(and(eq(pipelineRuns.pipelineId, pipelineId), afterKey(page, 'desc', [[pipelineRuns.id, 'bigint']])))
    .orderBy(desc(pipelineRuns.id))
    .limit(page.limit + 1);
  const items = rows.map(({ id, version, status, trigger, rowsIn, rowsOut, elapsedMs, error, createdAt, startedAt, finishedAt, expiredAt, checks }) => ({
    id,
    version,
    status,
    trigger,
    rowsIn,
    rowsOut,
    elapsedMs,
    error,
    createdAt,
    startedAt,
    finishedAt,
    expiredAt,
    checksFailed: (checks ?? []).filter((c) => c.blocking).length,
    checksWarned: (checks ?? []).filter((c) => !c.blocking && c.status !== 'pass').length,
  }));
  return keyedPage(items, page, (row) => [String(row.id)]);
}

export async function getRunOrThrow(db: Db, pipelineId: string, runId: number): Promise<Run> {
  const [run] = await db.select().from(pipelineRuns).where(and(eq(pipelineRuns.id, runId), eq(pipelineRuns.pipelineId, pipelineId)));
  if (!run) throw new AppError('not_found', `pipeline ${pipelineId} has no run ${runId}`);
  return run;
}

export type ProductionModel = { name: string; rows: number; fingerprint: string; schema: Column[] };
export type Production = {
  version: number;
  runId: number;
  publishId: number;
  kind: 'run' | 'rollback';
  publishedAt: Date;
  models: ProductionModel[];
  inputs: Run['inputs'];
  /** The oldest input snapshot's load time: production is as fresh as that. */
  dataAsOf: Date | null;
  parquetDir: string | null;
};

/** What the production names serve now, or null before the first publish. */
export async function servedProduction(db: Db, pipelineId: string): Promise<Production | null> {
  const publish = await latestPublish(db, pipelineId);
  if (!publish) return null;
  const [run] = await db.select().from(pipelineRuns).where(eq(pipelineRuns.id, publish.runId));
  if (!run) return null;
  const served = new Set(publish.views.map((v) => v.model));
  const loaded = run.inputs.map((i) => Date.parse(i.loadedAt)).filter(Number.isFinite);
  // A rollback publishes the run's tables again; its Parquet copy is the run's own first publish.
  const [first] = publish.parquetDir ? [publish] : await db.select().from(pipelinePublishes).where(and(eq(pipelinePublishes.runId, run.id), eq(pipelinePublishes.kind, 'run'))).limit(1);
  return {
    version: publish.version,
    runId: run.id,
    publishId: publish.id,
    kind: publish.kind,
    publishedAt: publish.createdAt,
    models: (run.models ?? []).filter((m) => served.has(m.name)).map(({ name, rows, fingerprint, schema }) => ({ name, rows, fingerprint, schema })),
    inputs: run.inputs,
    dataAsOf: loaded.length > 0 ? new Date(Math.min(...loaded)) : null,
    parquetDir: first?.parquetDir ?? null,
  };
}

/** A page of a production model's rows through its `prod` view, in its columns' order. */
export async function readProductionPage(
  db: Db,
  warehouse: Warehouse,
  pipelineId: string,
  model: string,
  page: { offset: number; limit: number; sort?: { column: string; direction: 'asc' | 'desc' } },
): Promise<Rows & { total: number }> {
  const production = await servedProduction(db, pipelineId);
  const served = production?.models.find((m) => m.name === model);
  if (!production || !served) throw new AppError('not_found', `pipeline ${pipelineId} publishes no model ${model}${production ? `; it publishes ${production.models.map((m) => m.name).join(', ')}` : ' yet'}`);
  const { sort } = page;
  if (sort && !served.schema.some((c) => c.name === sort.column)) throw new AppError('bad_request', `sort: ${model} has no column ${sort.column}`, { parameter: 'sort' });
  const rows = await warehouse.readPage({ layer: 'prod', name: model }, { offset: page.offset, limit: page.limit, ...(sort ? { orderBy: [sort.column], descending: sort.direction === 'desc' } : {}) });
  return { ...rows, total: served.rows };
}

/** Why production's version cannot run now (an input without a snapshot), or null when it can. */
export async function whyCannotRun(db: Db, pipelineId: string, version: number | null): Promise<string | null> {
  if (version === null) return null;
  try {
    await currentInputs(db, (await versionSpec(db, pipelineId, version)).inputNames);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}
