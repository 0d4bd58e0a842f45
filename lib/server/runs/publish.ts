import 'server-only';
import { sql } from 'drizzle-orm';
import type { RunSchema, ViewChange, Warehouse } from '@/lib/warehouse/types';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import { pipelinePublishes } from '@/lib/server/db/schema';
import { rowsOf } from '@/lib/server/db/rows';
import { latestPublish, type Run } from './requests';

type PublishedView = { model: string; schema: string; table: string };

/** The production names a run would take: its output models, each at its physical table. */
export function viewsOf(run: Pick<Run, 'models' | 'schemaName'>): PublishedView[] {
  return (run.models ?? []).filter((m) => m.output).map((m) => ({ model: m.name, schema: run.schemaName, table: m.name }));
}

const change = (view: PublishedView): ViewChange => ({ view: view.model, table: { layer: view.schema as RunSchema, name: view.table } });

/** Production names that another pipeline's current publish already serves. */
export async function namesTakenElsewhere(db: Db | Tx, pipelineId: string, models: readonly string[]): Promise<{ model: string; pipeline: string }[]> {
  if (models.length === 0) return [];
  const rows = await db.execute<{ model: string; pipeline: string }>(sql`
    SELECT v.model, p.name AS pipeline FROM (
      SELECT DISTINCT ON (pipeline_id) pipeline_id, views FROM pipeline_publishes ORDER BY pipeline_id, id DESC
    ) latest
    JOIN pipelines p ON p.id = latest.pipeline_id
    CROSS JOIN LATERAL jsonb_to_recordset(latest.views) AS v(model text)
    WHERE latest.pipeline_id <> ${pipelineId} AND v.model IN (${sql.join(models.map((m) => sql`${m}`), sql`, `)})`);
  return rowsOf(rows);
}

/**
 * Points the pipeline's production names at `run`'s tables: the publish row (what the names serve)
 * and, in the same transaction, the warehouse views — all of them in one warehouse transaction, so a
 * reader sees the old publish or the new one, never a mix. Names the previous publish served that
 * this run has no output for are dropped. If the database transaction then fails, the views are
 * already ahead of it: `reconcileViews` at the next start puts them back from the rows.
 */
export async function publishRun(
  tx: Tx,
  warehouse: Warehouse,
  input: { pipelineId: string; run: Run; kind: 'run' | 'rollback'; actorId: string | null; parquetDir: string | null },
): Promise<number> {
  const views = viewsOf(input.run);
  const previous = await latestPublish(tx, input.pipelineId);
  const [row] = await tx
    .insert(pipelinePublishes)
    .values({ pipelineId: input.pipelineId, version: input.run.version, runId: input.run.id, kind: input.kind, views, parquetDir: input.parquetDir, actorId: input.actorId })
    .returning({ id: pipelinePublishes.id });
  const kept = new Set(views.map((v) => v.model));
  const dropped = (previous?.views ?? []).filter((v) => !kept.has(v.model)).map((v) => ({ view: v.model, table: null }));
  await warehouse.publishViews([...views.map(change), ...dropped]);
  await appendAudit(tx, {
    actorId: input.actorId,
    action: 'pipeline.published',
    objectType: 'pipeline',
    objectId: input.pipelineId,
    details: { publishId: row!.id, runId: input.run.id, version: input.run.version, kind: input.kind, models: views.map((v) => v.model) },
  });
  return row!.id;
}

/** Rebuilds every production view from the publish rows (the database is the truth): after a crash
 * between the warehouse views and the publish row, and whenever the warehouse is opened. */
export async function reconcileViews(db: Db, warehouse: Warehouse): Promise<void> {
  const rows = rowsOf<{ views: PublishedView[] }>(await db.execute(sql`SELECT DISTINCT ON (pipeline_id) views FROM pipeline_publishes ORDER BY pipeline_id, id DESC`));
  const wanted = rows.flatMap((r) => r.views);
  const names = new Set(wanted.map((v) => v.model));
  const existing = await warehouse.query("SELECT view_name FROM duckdb_views() WHERE schema_name = 'prod' AND NOT internal");
  const stale = existing.rows.map(([name]) => String(name)).filter((name) => !names.has(name));
  await warehouse.publishViews([...wanted.map(change), ...stale.map((view) => ({ view, table: null }))]);
}
