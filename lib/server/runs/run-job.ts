import 'server-only';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { executeRun, type RunExecution } from '@/lib/runs/execute';
import type { RunTrigger } from '@/lib/runs/states';
import type { RunSchema, Warehouse } from '@/lib/warehouse/types';
import { AppError } from '@/lib/errors';
import { runAlerts } from '@/lib/server/alerts/rules';
import { appendAudit } from '@/lib/server/audit/append';
import type { OpenLineageConfig } from '@/lib/server/config';
import type { Db, Tx } from '@/lib/server/db/client';
import { pipelineRuns, pipelines } from '@/lib/server/db/schema';
import type { Job } from '@/lib/server/jobs/queue';
import type { JobHandler } from '@/lib/server/jobs/worker';
import { notify } from '@/lib/server/notifications/notifications';
import { observeRun } from '@/lib/server/observability/metrics';
import { emitRunFinished, emitRunGaveUp, emitRunStarted } from '@/lib/server/openlineage/emit';
import { namesTakenElsewhere, publishRun } from './publish';
import { requestRun, versionCells, versionSpec, type Run } from './requests';

type RunPayload = { runId: number };

export type RunJobOutcome = { runId: number; execution: RunExecution; parquetDir: string | null };

const failedExecution = (error: string): RunExecution => ({ status: 'model_failed', models: [], checks: [], error, elapsedMs: 0 });

async function runOf(db: Db | Tx, job: Job): Promise<Run> {
  const { runId } = job.payload as RunPayload;
  const [run] = await db.select().from(pipelineRuns).where(eq(pipelineRuns.id, runId));
  if (!run) throw new Error(`run ${runId} does not exist`);
  return run;
}

/** Each output as Parquet (DuckDB's writer) with a manifest, for tools outside Assay. Relative to `root`. */
async function writeParquet(warehouse: Warehouse, root: string, run: Run, execution: RunExecution): Promise<string> {
  const dir = join(run.pipelineId, `v${run.version}`, `run-${run.id}`);
  const outputs = execution.models.filter((m) => m.output);
  for (const model of outputs) await warehouse.exportParquet(model.table, join(root, dir, `${model.name}.parquet`));
  const manifest = {
    pipeline: run.pipelineId,
    version: run.version,
    run: run.id,
    artifact: run.artifactId,
    inputs: run.inputs.map(({ name, snapshotId, fingerprint }) => ({ name, snapshotId, fingerprint })),
    models: outputs.map((m) => ({ model: m.name, file: `${m.name}.parquet`, rows: m.rows, fingerprint: m.fingerprint, schema: m.schema })),
  };
  writeFileSync(join(root, dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/**
 * The production run job: write (build every model in the run's own schema), audit (the checks, by
 * severity), publish (only in `commit`, in the transaction that finishes the job, and only if no
 * blocking check failed and the version is still production's). A cell that fails on real data is a
 * finished run in state `failed`, not retried; a warehouse failure throws and the job is retried
 * with back-off. A run killed halfway is claimed again and rebuilds its schema from scratch.
 */
export function runJobHandler(db: Db, openWarehouse: () => Promise<Warehouse>, publishedRoot: string, openLineage?: OpenLineageConfig): JobHandler<RunJobOutcome> {
  return {
    async run(job) {
      const run = await runOf(db, job);
      await db.transaction(async (tx) => {
        const [started] = await tx.update(pipelineRuns).set({ status: 'running', startedAt: new Date() }).where(eq(pipelineRuns.id, run.id)).returning();
        // One START per run: a retried attempt (the warehouse failed, or the worker died) is the same run.
        if (job.attempts === 1) await emitRunStarted(tx, openLineage, started!);
      });
      const warehouse = await openWarehouse();
      const spec = await versionSpec(db, run.pipelineId, run.version);
      const outcome = (execution: RunExecution, parquetDir: string | null = null): RunJobOutcome => ({ runId: run.id, execution, parquetDir });

      for (const input of run.inputs) {
        if (!(await warehouse.exists({ layer: 'raw', name: input.physicalTable }))) {
          return outcome(failedExecution(`snapshot ${input.snapshotId} of ${input.name} is no longer in the warehouse (expired by retention): run over the current snapshots instead`));
        }
      }
      const cells = await versionCells(db, run.artifactId);
      const outputs = spec.outputs ?? cells.flatMap((c) => (c.kind === 'sql' ? [c.name] : []));
      const taken = await namesTakenElsewhere(db, run.pipelineId, outputs);
      if (taken.length > 0) {
        return outcome(failedExecution(taken.map((t) => `model ${t.model} is already published by pipeline ${t.pipeline}`).join('; ') + ': production names are shared by every pipeline'));
      }
      const execution = await executeRun(warehouse, {
        schema: run.schemaName as RunSchema,
        cells,
        inputs: run.inputs.map((i) => ({ name: i.name, table: { layer: 'raw', name: i.physicalTable } })),
        outputs: spec.outputs,
      });
      if (execution.status !== 'passed') return outcome(execution);
      return outcome(execution, await writeParquet(warehouse, publishedRoot, run, execution));
    },

    async commit(tx, job, { execution, parquetDir }) {
      const run = await runOf(tx, job);
      const [pipeline] = await tx.select().from(pipelines).where(eq(pipelines.id, run.pipelineId)).for('update');
      const current = pipeline?.currentVersion === run.version;
      const status = execution.status === 'model_failed' ? 'failed' : execution.status === 'checks_failed' ? 'checks_failed' : current ? 'published' : 'built';
      const outputs = execution.models.filter((m) => m.output);
      const [finished] = await tx
        .update(pipelineRuns)
        .set({
          status,
          models: execution.models,
          checks: execution.checks,
          rowsIn: run.inputs.reduce((sum, i) => sum + i.rows, 0),
          rowsOut: outputs.reduce((sum, m) => sum + m.rows, 0),
          elapsedMs: execution.elapsedMs,
          error: execution.error,
          finishedAt: new Date(),
        })
        .where(eq(pipelineRuns.id, run.id))
        .returning();
      await appendAudit(tx, {
        actorId: null,
        action: 'pipeline.run_finished',
        objectType: 'pipeline',
        objectId: run.pipelineId,
        details: { runId: run.id, version: run.version, status, ...(execution.error ? { error: execution.error.slice(0, 500) } : {}) },
      });
      if (status === 'published') await publishRun(tx, await openWarehouse(), { pipelineId: run.pipelineId, run: finished!, kind: 'run', actorId: run.triggeredBy, parquetDir });
      if (openLineage) await emitRunFinished(tx, openLineage, { run: finished!, status, execution, cells: await versionCells(tx, run.artifactId) });
      if (pipeline && (status === 'failed' || status === 'checks_failed')) {
        const failing = execution.checks.filter((c) => c.blocking).map((c) => `${c.model}: ${c.label} (${c.failing} rows)`);
        await notify(tx, {
          userIds: [pipeline.ownerId],
          kind: 'pipeline.run_failed',
          title: `${pipeline.name}: run ${run.id} of version ${run.version} ${status === 'failed' ? 'failed' : 'failed its checks'}; production still serves the previous publish`,
          body: status === 'failed' ? (execution.error ?? undefined) : failing.join('\n'),
          href: `/pipelines/${pipeline.id}/runs/${run.id}`,
          objectType: 'pipeline',
          objectId: pipeline.id,
        });
      }
      if (pipeline) {
        const blocking = execution.checks.filter((c) => c.blocking).map((c) => `${c.model}: ${c.label}`);
        await runAlerts(tx, { pipeline, runId: run.id, version: run.version, status, detail: status === 'checks_failed' ? blocking.join('; ') : execution.error });
        observeRun({
          pipeline: pipeline.name,
          status,
          seconds: execution.elapsedMs / 1000,
          rowsRead: finished!.rowsIn ?? 0,
          rowsWritten: finished!.rowsOut ?? 0,
          failedChecks: execution.checks.filter((c) => c.status === 'fail' || c.status === 'error'),
        });
      }
      await followUp(tx, run);
    },

    async fail(tx, job, error) {
      const run = await runOf(tx, job);
      await tx.update(pipelineRuns).set({ status: 'failed', error, finishedAt: new Date() }).where(eq(pipelineRuns.id, run.id));
      await emitRunGaveUp(tx, openLineage, run, error);
      await appendAudit(tx, { actorId: null, action: 'pipeline.run_finished', objectType: 'pipeline', objectId: run.pipelineId, details: { runId: run.id, version: run.version, status: 'failed', error: error.slice(0, 500) } });
      const [pipeline] = await tx.select().from(pipelines).where(eq(pipelines.id, run.pipelineId));
      if (pipeline) {
        await notify(tx, {
          userIds: [pipeline.ownerId],
          kind: 'pipeline.run_failed',
          title: `${pipeline.name}: run ${run.id} of version ${run.version} failed; production still serves the previous publish`,
          body: error,
          href: `/pipelines/${pipeline.id}/runs/${run.id}`,
          objectType: 'pipeline',
          objectId: pipeline.id,
        });
        await runAlerts(tx, { pipeline, runId: run.id, version: run.version, status: 'failed', detail: error });
      }
      await followUp(tx, run);
    },
  };
}

/** A trigger that came while this run was in flight is honoured now, over the newest snapshots. */
async function followUp(tx: Tx, run: Run): Promise<void> {
  if (run.followUp === null) return;
  try {
    await requestRun(tx, { pipelineId: run.pipelineId, trigger: run.followUp as RunTrigger, userId: null });
  } catch (error) {
    // An input without a snapshot, or no production version any more: nothing to follow up.
    if (!(error instanceof AppError)) throw error;
  }
}
