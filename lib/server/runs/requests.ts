import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Cell } from '@/lib/notebook/schema';
import { runKey, runSchemaName, type RunInputSnapshot } from '@/lib/runs/key';
import { ACTIVE_RUN_STATUSES, type RunTrigger } from '@/lib/runs/states';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import { artifactLineage, experiments, pipelinePublishes, pipelineRuns, pipelines, pipelineVersions } from '@/lib/server/db/schema';
import { enqueueJob } from '@/lib/server/jobs/queue';
import { rowsOf } from '@/lib/server/db/rows';

export const RUN_JOB = 'pipeline.run';

export type Run = typeof pipelineRuns.$inferSelect;

export type RunRequestOutcome =
  /** A new run was queued. */
  | { kind: 'queued'; run: Run }
  /** A run with this key is already queued or running: the trigger joined it. */
  | { kind: 'joined'; run: Run }
  /** Production already serves this key (version and snapshots): nothing to do. */
  | { kind: 'up_to_date'; run: Run }
  /** Another run of the pipeline (other snapshots or version) is in flight: it runs again when that one ends. */
  | { kind: 'deferred'; run: Run };

/** What a version runs: its artifact, its outputs (null: every model) and the datasets it reads. */
export type VersionSpec = { pipelineId: string; version: number; artifactId: string; outputs: string[] | null; inputNames: string[] };

/**
 * Cheap: read out of the artifact's and its lineage's JSON in the database, not the whole artifact.
 * The inputs are the sandbox datasets the models read (DuckDB's parser, in the stored lineage) or a
 * check names; without lineage, or when a model's reads are unknown, every sandbox dataset (fail closed).
 */
export async function versionSpec(db: Db | Tx, pipelineId: string, version: number): Promise<VersionSpec> {
  const [row] = await db
    .select({
      artifactId: pipelineVersions.artifactId,
      outputs: pipelineVersions.outputs,
      sandbox: sql<string[]>`jsonb_path_query_array(${experiments.content}, '$.sandbox.datasets[*].name')`,
      checked: sql<string[]>`jsonb_path_query_array(${experiments.content}, '$.cells[*] ? (@.kind == "check").model') || jsonb_path_query_array(${experiments.content}, '$.cells[*].checks[*] ? (@.kind == "relationships").to')`,
      reads: sql<string[] | null>`jsonb_path_query_array(${artifactLineage.lineage}, '$.models[*].reads[*]')`,
      unknown: sql<boolean | null>`jsonb_path_exists(${artifactLineage.lineage}, '$.models[*] ? (@.readsUnknown == true)')`,
    })
    .from(pipelineVersions)
    .innerJoin(experiments, eq(experiments.id, pipelineVersions.artifactId))
    .leftJoin(artifactLineage, eq(artifactLineage.experimentId, pipelineVersions.artifactId))
    .where(and(eq(pipelineVersions.pipelineId, pipelineId), eq(pipelineVersions.version, version)));
  if (!row) throw new AppError('not_found', `pipeline ${pipelineId} has no version ${version}`);
  const used = row.reads === null || row.unknown !== false ? null : new Set([...row.reads, ...row.checked]);
  return { pipelineId, version, artifactId: row.artifactId, outputs: row.outputs, inputNames: row.sandbox.filter((name) => used === null || used.has(name)) };
}

export async function versionCells(db: Db | Tx, artifactId: string): Promise<Cell[]> {
  const [row] = await db.select({ cells: sql<Cell[]>`${experiments.content}->'cells'` }).from(experiments).where(eq(experiments.id, artifactId));
  if (!row) throw new AppError('not_found', `artifact ${artifactId} does not exist`);
  return row.cells;
}

/** Each input dataset's current snapshot (its latest published one), in one query. */
export async function currentInputs(db: Db | Tx, names: readonly string[]): Promise<RunInputSnapshot[]> {
  if (names.length === 0) return [];
  const list = sql.join(names.map((n) => sql`${n}`), sql`, `);
  type Row = { dataset_id: string; name: string; snapshot_id: string | number | null; physical_table: string; row_count: string | number; fingerprint: string; finished_at: string | Date };
  const rows = await db.execute(sql`
    SELECT d.id AS dataset_id, d.name, s.id AS snapshot_id, s.physical_table, s.row_count, s.fingerprint, s.finished_at
    FROM datasets d
    LEFT JOIN LATERAL (
      SELECT * FROM snapshots WHERE dataset_id = d.id AND status = 'published' ORDER BY id DESC LIMIT 1
    ) s ON true
    WHERE d.name IN (${list})`);
  const found = new Map(rowsOf<Row>(rows).map((r) => [r.name, r]));
  return names.map((name) => {
    const row = found.get(name);
    if (!row) throw new AppError('conflict', `input ${name} is not a dataset of the catalog, so it has no production data to run on`);
    if (row.snapshot_id === null) throw new AppError('conflict', `input dataset ${name} has no snapshot yet: load it from its catalog page first`, { dataset: name });
    return {
      datasetId: row.dataset_id,
      name,
      snapshotId: Number(row.snapshot_id),
      physicalTable: row.physical_table,
      rows: Number(row.row_count),
      fingerprint: row.fingerprint,
      loadedAt: new Date(row.finished_at).toISOString(),
    };
  });
}

/** The publish production serves for a pipeline now, if any. */
export async function latestPublish(db: Db | Tx, pipelineId: string) {
  const [row] = await db.select().from(pipelinePublishes).where(eq(pipelinePublishes.pipelineId, pipelineId)).orderBy(desc(pipelinePublishes.id)).limit(1);
  return row ?? null;
}

/**
 * Asks for a run of a pipeline version (default: production's) over its inputs' current snapshots
 * (or `inputs`, to retry a run on exactly its snapshots). Under the pipeline's row lock, so triggers
 * of one pipeline are decided one at a time; the one-active-run index backs it in the database. Call
 * inside the transaction that makes the change that asks (a promotion, a snapshot), or with a Db.
 */
export async function requestRun(
  db: Db | Tx,
  input: { pipelineId: string; version?: number; trigger: RunTrigger; userId: string | null; inputs?: RunInputSnapshot[] },
): Promise<RunRequestOutcome> {
  return db.transaction(async (tx) => {
    const [pipeline] = await tx.select().from(pipelines).where(eq(pipelines.id, input.pipelineId)).for('update');
    if (!pipeline) throw new AppError('not_found', `pipeline ${input.pipelineId} does not exist`);
    const version = input.version ?? pipeline.currentVersion;
    if (version === null) throw new AppError('conflict', `pipeline ${pipeline.name} has no version in production yet: promote one first`);
    const spec = await versionSpec(tx, pipeline.id, version);
    const inputs = input.inputs ?? (await currentInputs(tx, spec.inputNames));
    const key = runKey(pipeline.id, version, inputs);

    const served = await latestPublish(tx, pipeline.id);
    if (served && input.trigger !== 'retry') {
      const [run] = await tx.select().from(pipelineRuns).where(eq(pipelineRuns.id, served.runId));
      if (run && run.runKey === key) return { kind: 'up_to_date', run };
    }
    const [active] = await tx
      .select()
      .from(pipelineRuns)
      .where(and(eq(pipelineRuns.pipelineId, pipeline.id), inArray(pipelineRuns.status, ACTIVE_RUN_STATUSES)));
    if (active) {
      if (active.runKey === key) return { kind: 'joined', run: active };
      const [deferred] = await tx.update(pipelineRuns).set({ followUp: input.trigger }).where(eq(pipelineRuns.id, active.id)).returning();
      return { kind: 'deferred', run: deferred! };
    }

    const [created] = await tx
      .insert(pipelineRuns)
      .values({
        pipelineId: pipeline.id,
        version,
        artifactId: spec.artifactId,
        runKey: key,
        status: 'queued',
        trigger: input.trigger,
        triggeredBy: input.userId,
        inputs,
        schemaName: '',
      })
      .returning();
    const job = await enqueueJob(tx, { kind: RUN_JOB, subject: String(created!.id), payload: { runId: created!.id }, maxAttempts: 3 });
    const [run] = await tx
      .update(pipelineRuns)
      .set({ jobId: job.id, schemaName: runSchemaName(created!.id, version) })
      .where(eq(pipelineRuns.id, created!.id))
      .returning();
    await appendAudit(tx, {
      actorId: input.userId,
      action: 'pipeline.run_requested',
      objectType: 'pipeline',
      objectId: pipeline.id,
      details: { runId: run!.id, version, trigger: input.trigger, snapshots: inputs.map((i) => i.snapshotId) },
    });
    return { kind: 'queued', run: run! };
  });
}

/** What a person reads about a trigger's outcome. */
export function describeRunRequest(outcome: RunRequestOutcome): string {
  const { run } = outcome;
  switch (outcome.kind) {
    case 'queued':
      return `run ${run.id} of version ${run.version} is queued`;
    case 'joined':
      return `run ${run.id} over the same snapshots is already ${run.status}: this trigger joined it`;
    case 'up_to_date':
      return `up to date: production already serves these snapshots, published by run ${run.id}`;
    case 'deferred':
      return `run ${run.id} is ${run.status}; a run over the newest snapshots starts when it finishes`;
  }
}

/** Pipelines whose production version reads `datasetName` and that run on new snapshots (the default). */
export async function pipelinesReading(db: Db | Tx, datasetName: string): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    SELECT p.id FROM pipelines p
    JOIN pipeline_versions v ON v.pipeline_id = p.id AND v.version = p.current_version
    JOIN experiments e ON e.id = v.artifact_id
    LEFT JOIN pipeline_schedules s ON s.pipeline_id = p.id
    WHERE coalesce(s.on_new_snapshot, true)
      AND jsonb_path_exists(e.content, '$.sandbox.datasets[*] ? (@.name == $n)', jsonb_build_object('n', ${datasetName}::text))`);
  return rowsOf<{ id: string }>(rows).map((r) => r.id);
}

/** A new snapshot of `datasetName` was published (inside that transaction): run what reads it. A
 * pipeline that cannot run yet (another input has no snapshot) is skipped; its page says why. */
export async function runOnNewSnapshot(tx: Tx, datasetName: string): Promise<RunRequestOutcome[]> {
  const outcomes: RunRequestOutcome[] = [];
  for (const pipelineId of await pipelinesReading(tx, datasetName)) {
    try {
      outcomes.push(await requestRun(tx, { pipelineId, trigger: 'snapshot', userId: null }));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    }
  }
  return outcomes;
}
