import 'server-only';
import { eq } from 'drizzle-orm';
import packageJson from '@/package.json';
import type { Cell } from '@/lib/notebook/schema';
import { loadRunEvent, pipelineRunEvent, producerUrl, type EmitContext, type LoadSource, type RunOutput } from '@/lib/openlineage/events';
import type { Assertion } from '@/lib/openlineage/types';
import type { RunExecution } from '@/lib/runs/execute';
import type { RunStatus } from '@/lib/runs/states';
import { describeChange, type DriftChange } from '@/lib/sources/drift';
import type { SourceColumn } from '@/lib/sources/types';
import { TableName } from '@/lib/sources/types';
import type { OpenLineageConfig } from '@/lib/server/config';
import type { Db, Tx } from '@/lib/server/db/client';
import { artifactLineage, connections, datasetSources, pipelineRuns, pipelines } from '@/lib/server/db/schema';
import { filesDir } from '@/lib/server/sources/files';
import { recordLineageEvent } from './outbox';

// What each hook knows, turned into the pure builders' input (lib/openlineage/events.ts), and stored
// in the outbox by the caller's transaction. Every function is a no-op when OpenLineage is off.

type Run = typeof pipelineRuns.$inferSelect;

const context = (config: OpenLineageConfig): EmitContext => ({ namespace: config.namespace, producer: producerUrl(packageJson.version) });

async function pipelineName(tx: Tx, pipelineId: string): Promise<string> {
  const [row] = await tx.select({ name: pipelines.name }).from(pipelines).where(eq(pipelines.id, pipelineId));
  return row?.name ?? pipelineId;
}

const runSubject = (run: Run) => ({ runId: run.id, pipeline: '', inputs: run.inputs.map((i) => ({ name: i.name })) });

/** In the transaction that marks the run running. */
export async function emitRunStarted(tx: Tx, config: OpenLineageConfig | undefined, run: Run): Promise<void> {
  if (!config) return;
  const subject = { ...runSubject(run), pipeline: await pipelineName(tx, run.pipelineId) };
  const time = run.startedAt ?? new Date();
  await recordLineageEvent(tx, config, `pipeline_run:${run.id}`, () => pipelineRunEvent(context(config), subject, { eventType: 'START', time }));
}

/** The column a check is about, from its definition in the version's check cells. */
function checkColumns(cells: readonly Cell[]): Map<string, string> {
  const columns = new Map<string, string>();
  for (const cell of cells) {
    if (cell.kind !== 'check') continue;
    for (const check of cell.checks) if ('column' in check) columns.set(`${cell.id}\u0000${check.id}`, check.column);
  }
  return columns;
}

/**
 * In the transaction that finishes the run: COMPLETE when it published (or built a version that is no
 * longer production's), FAIL when a cell or a blocking check failed. Its outputs are the production
 * names once published, else the run's own tables; each carries its checks as assertions.
 */
export async function emitRunFinished(tx: Tx, config: OpenLineageConfig | undefined, input: { run: Run; status: RunStatus; execution: RunExecution; cells: readonly Cell[] }): Promise<void> {
  if (!config) return;
  const { run, status, execution } = input;
  const subject = { ...runSubject(run), pipeline: await pipelineName(tx, run.pipelineId) };
  const [stored] = await tx.select({ lineage: artifactLineage.lineage }).from(artifactLineage).where(eq(artifactLineage.experimentId, run.artifactId));
  const columns = checkColumns(input.cells);
  const failed = status === 'failed' || status === 'checks_failed';
  const blocking = execution.checks.filter((c) => c.blocking);
  const error =
    status === 'failed'
      ? (execution.error ?? 'the run failed')
      : status === 'checks_failed'
        ? `blocking checks failed: ${blocking.map((c) => `${c.model}: ${c.label} (${c.failing} rows)`).join('; ')}`
        : undefined;
  await recordLineageEvent(tx, config, `pipeline_run:${run.id}`, () => {
    const outputs: RunOutput[] = execution.models
      .filter((m) => m.output)
      .map((m) => ({
        model: m.name,
        name: status === 'published' ? `prod.${m.name}` : `${run.schemaName}.${m.name}`,
        schema: m.schema,
        assertions: execution.checks
          .filter((c) => c.model === m.name)
          .map((c): Assertion => {
            const column = columns.get(`${c.cellId}\u0000${c.checkId}`);
            return { assertion: c.kind, success: c.status === 'pass', ...(column ? { column } : {}), severity: c.severity, name: c.checkId, description: c.label, actual: String(c.failing) };
          }),
      }));
    return pipelineRunEvent(context(config), subject, { eventType: failed ? 'FAIL' : 'COMPLETE', time: run.finishedAt ?? new Date(), outputs, lineage: stored?.lineage ?? null, ...(error !== undefined ? { error } : {}) });
  });
}

/** In the transaction that gives the run up (its job's attempts are used up). */
export async function emitRunGaveUp(tx: Tx, config: OpenLineageConfig | undefined, run: Run, error: string): Promise<void> {
  if (!config) return;
  const subject = { ...runSubject(run), pipeline: await pipelineName(tx, run.pipelineId) };
  await recordLineageEvent(tx, config, `pipeline_run:${run.id}`, () => pipelineRunEvent(context(config), subject, { eventType: 'FAIL', time: new Date(), outputs: [], lineage: null, error }));
}

// ---- loads ------------------------------------------------------------------------------------

async function loadSource(db: Db | Tx, datasetId: string): Promise<LoadSource | null> {
  const [row] = await db
    .select({ sourceTable: datasetSources.sourceTable, id: connections.id, kind: connections.kind, host: connections.host, port: connections.port, database: connections.database })
    .from(datasetSources)
    .innerJoin(connections, eq(connections.id, datasetSources.connectionId))
    .where(eq(datasetSources.datasetId, datasetId));
  if (!row) return null;
  const table = TableName.safeParse(row.sourceTable);
  const { schema, name } = table.success ? table.data : { schema: '', name: row.sourceTable };
  return { kind: row.kind, host: row.host, port: row.port, database: row.kind === 'files' ? filesDir(row.id) : row.database, schema, table: name };
}

/** What a load checked against its contract, and what it found (the load job's outcome). */
export type LoadChecks = { required: string[]; primaryKey: string[]; changes: DriftChange[] };

/** The contract checks of a load as OpenLineage assertions: NOT NULL per required column, the
 * primary key's uniqueness, and the source schema against the contract (drift). */
export function loadAssertions({ required, primaryKey, changes }: LoadChecks): Assertion[] {
  const drift = changes.filter((c) => c.kind === 'added' || c.kind === 'dropped' || c.kind === 'retyped');
  const pk = changes.find((c) => c.kind === 'primary_key_violated');
  return [
    ...required.map((column): Assertion => {
      const violated = changes.find((c) => c.kind === 'not_null_violated' && c.column === column);
      return { assertion: 'not_null', success: !violated, column, actual: String(violated && 'rows' in violated ? violated.rows : 0) };
    }),
    ...(primaryKey.length > 0
      ? [{ assertion: 'unique', success: !pk, ...(primaryKey.length === 1 ? { column: primaryKey[0]! } : {}), name: `primary key (${primaryKey.join(', ')})`, ...(pk && 'duplicateKeys' in pk ? { actual: `${pk.duplicateKeys} duplicate keys, ${pk.nullKeys} null keys` } : {}) }]
      : []),
    { assertion: 'schema_contract', success: drift.length === 0, ...(drift.length > 0 ? { description: drift.map(describeChange).join('; ') } : {}) },
  ];
}

/** When the load job starts its first attempt (its own short transaction: a load records no start otherwise). */
export async function emitLoadStarted(db: Db, config: OpenLineageConfig | undefined, load: { jobId: number; datasetId: string; time: Date }): Promise<void> {
  if (!config) return;
  const source = await loadSource(db, load.datasetId);
  if (!source) return;
  await db.transaction((tx) => recordLineageEvent(tx, config, `load:${load.jobId}`, () => loadRunEvent(context(config), { jobId: load.jobId, datasetId: load.datasetId, source }, { eventType: 'START', time: load.time })));
}

/** In the transaction that writes the snapshot: COMPLETE when published, FAIL when its contract quarantined it. */
export async function emitLoadFinished(
  tx: Tx,
  config: OpenLineageConfig | undefined,
  load: { jobId: number; datasetId: string; status: 'published' | 'quarantined'; time: Date; columns: { name: string; type: string }[]; sourceSchema: SourceColumn[]; checks: LoadChecks },
): Promise<void> {
  if (!config) return;
  const source = await loadSource(tx, load.datasetId);
  if (!source) return;
  const quarantined = load.status === 'quarantined';
  await recordLineageEvent(tx, config, `load:${load.jobId}`, () =>
    loadRunEvent(context(config), { jobId: load.jobId, datasetId: load.datasetId, source }, {
      eventType: quarantined ? 'FAIL' : 'COMPLETE',
      time: load.time,
      written: { columns: load.columns, sourceColumns: load.sourceSchema.map((c) => ({ name: c.name, type: c.sourceType })), assertions: loadAssertions(load.checks) },
      ...(quarantined ? { error: `the snapshot was quarantined by its contract: ${load.checks.changes.map(describeChange).join('; ')}` } : {}),
    }),
  );
}

/** In the transaction that gives the load up. */
export async function emitLoadFailed(tx: Tx, config: OpenLineageConfig | undefined, load: { jobId: number; datasetId: string; error: string }): Promise<void> {
  if (!config) return;
  const source = await loadSource(tx, load.datasetId);
  if (!source) return;
  await recordLineageEvent(tx, config, `load:${load.jobId}`, () => loadRunEvent(context(config), { jobId: load.jobId, datasetId: load.datasetId, source }, { eventType: 'FAIL', time: new Date(), error: load.error }));
}
