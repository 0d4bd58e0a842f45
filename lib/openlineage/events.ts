import type { PipelineLineage } from '@/lib/lineage/types';
import { maskingClears } from '@/lib/lineage/sensitivity';
import { uuidV5 } from './run-id';
import type { Assertion, ColumnLineageFacet, Dataset, DatasetFacets, EventType, InputField, RunEvent, Transformation } from './types';

// Pure builders of the OpenLineage RunEvents of a load and of a production run. The schema URLs are
// the `$id`s of the vendored schemas (schema/README.md), so the tests validate exactly what we claim.
const SPEC_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const FACET_URLS = {
  schema: 'https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet',
  columnLineage: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
  dataQualityAssertions: 'https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet',
  errorMessage: 'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
  jobType: 'https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet',
} as const;

/** Snapshots and production tables live in Assay's warehouse: one namespace for both. */
export const WAREHOUSE_NAMESPACE = 'assay-warehouse';

/** Who emits: `producer` names Assay and its version; `namespace` is the jobs' (ASSAY_OPENLINEAGE_NAMESPACE). */
export type EmitContext = { namespace: string; producer: string };

/** A URN rather than a web address: Assay has no public home page to point at, and the spec asks only
 * for a URI that identifies the producer and its version. */
export function producerUrl(version: string): string {
  return `urn:assay:${version}`;
}

const facet = (ctx: EmitContext, kind: keyof typeof FACET_URLS) => ({ _producer: ctx.producer, _schemaURL: FACET_URLS[kind] });

function schemaFacet(ctx: EmitContext, columns: readonly { name: string; type: string }[]): DatasetFacets['schema'] {
  return { ...facet(ctx, 'schema'), fields: columns.map((c, i) => ({ name: c.name, type: c.type, ordinal_position: i + 1 })) };
}

function event(ctx: EmitContext, eventType: EventType, time: Date, runId: string, job: { name: string; jobType: string }, rest: { inputs: Dataset[]; outputs: Dataset[]; error?: string }): RunEvent {
  return {
    eventType,
    eventTime: time.toISOString(),
    producer: ctx.producer,
    schemaURL: SPEC_URL,
    run: { runId, ...(rest.error !== undefined ? { facets: { errorMessage: { ...facet(ctx, 'errorMessage'), message: rest.error, programmingLanguage: 'TypeScript' } } } : {}) },
    job: { namespace: ctx.namespace, name: job.name, facets: { jobType: { ...facet(ctx, 'jobType'), processingType: 'BATCH', integration: 'ASSAY', jobType: job.jobType } } },
    inputs: rest.inputs,
    outputs: rest.outputs,
  };
}

const withFacets = (dataset: Dataset, facets: DatasetFacets): Dataset => {
  const present = Object.fromEntries(Object.entries(facets).filter(([, v]) => v !== undefined));
  return Object.keys(present).length > 0 ? { ...dataset, facets: present } : dataset;
};

// ---- loads ------------------------------------------------------------------------------------

export type LoadSource = { kind: 'postgres' | 'mysql' | 'files'; host: string; port: number; database: string; schema: string; table: string };

/** OpenLineage's naming conventions: `postgres://host:port` + `database.schema.table`,
 * `mysql://host:port` + `database.table`, local files `file` + their path. */
export function sourceDataset(source: LoadSource): Dataset {
  if (source.kind === 'files') return { namespace: 'file', name: `${source.database}/${source.table}` };
  if (source.kind === 'mysql') return { namespace: `mysql://${source.host}:${source.port}`, name: `${source.database}.${source.table}` };
  return { namespace: `postgres://${source.host}:${source.port}`, name: `${source.database}.${source.schema || 'public'}.${source.table}` };
}

/** A dataset's snapshots, as the warehouse's `raw` layer names it for runs. */
export const snapshotDataset = (datasetId: string): Dataset => ({ namespace: WAREHOUSE_NAMESPACE, name: `raw.${datasetId}` });

export type LoadSubject = { jobId: number; datasetId: string; source: LoadSource };

export type LoadTransition =
  | { eventType: 'START'; time: Date }
  | {
      eventType: 'COMPLETE' | 'FAIL';
      time: Date;
      /** Absent when the load failed before it wrote anything. */
      written?: { columns: { name: string; type: string }[]; sourceColumns: { name: string; type: string }[]; assertions: Assertion[] };
      error?: string;
    };

export const loadRunId = (ctx: EmitContext, jobId: number) => uuidV5(`assay:${ctx.namespace}:load:${jobId}`);

/** A load job's START, COMPLETE (published) or FAIL (failed, or quarantined by its contract). */
export function loadRunEvent(ctx: EmitContext, load: LoadSubject, transition: LoadTransition): RunEvent {
  const job = { name: `load.${load.datasetId}`, jobType: 'LOAD' };
  const input = sourceDataset(load.source);
  const output = snapshotDataset(load.datasetId);
  const runId = loadRunId(ctx, load.jobId);
  if (transition.eventType === 'START') return event(ctx, 'START', transition.time, runId, job, { inputs: [input], outputs: [output] });
  const written = transition.written;
  return event(ctx, transition.eventType, transition.time, runId, job, {
    inputs: [written ? withFacets(input, { schema: schemaFacet(ctx, written.sourceColumns) }) : input],
    outputs: [
      written
        ? withFacets(output, {
            schema: schemaFacet(ctx, written.columns),
            dataQualityAssertions: written.assertions.length > 0 ? { ...facet(ctx, 'dataQualityAssertions'), assertions: written.assertions } : undefined,
          })
        : output,
    ],
    ...(transition.error !== undefined ? { error: transition.error } : {}),
  });
}

// ---- production runs --------------------------------------------------------------------------

export type PipelineRunSubject = { runId: number; pipeline: string; inputs: { name: string }[] };

export type RunOutput = {
  model: string;
  /** `prod.<model>` once published; the run's own schema (`run_12.<model>`) when it did not publish. */
  name: string;
  schema: { name: string; type: string }[];
  assertions: Assertion[];
};

export type PipelineTransition =
  | { eventType: 'START'; time: Date }
  | { eventType: 'COMPLETE' | 'FAIL'; time: Date; outputs: RunOutput[]; lineage: PipelineLineage | null; error?: string };

export const pipelineRunId = (ctx: EmitContext, runId: number) => uuidV5(`assay:${ctx.namespace}:pipeline_run:${runId}`);

/** A production run's START, COMPLETE (published or built) or FAIL (a cell failed, or a blocking check). */
export function pipelineRunEvent(ctx: EmitContext, run: PipelineRunSubject, transition: PipelineTransition): RunEvent {
  const job = { name: `pipeline.${run.pipeline}`, jobType: 'PIPELINE' };
  const runId = pipelineRunId(ctx, run.runId);
  const sources = new Map((transition.eventType === 'START' ? [] : (transition.lineage?.sources ?? [])).map((s) => [s.name, s]));
  const inputs = run.inputs.map(({ name }) => {
    const source = sources.get(name);
    return source ? withFacets(snapshotDataset(name), { schema: schemaFacet(ctx, source.columns) }) : snapshotDataset(name);
  });
  if (transition.eventType === 'START') return event(ctx, 'START', transition.time, runId, job, { inputs, outputs: [] });
  const datasets = new Map<string, Dataset>([...run.inputs.map(({ name }) => [name, snapshotDataset(name)] as const), ...transition.outputs.map((o) => [o.model, { namespace: WAREHOUSE_NAMESPACE, name: o.name }] as const)]);
  const outputs = transition.outputs.map((o) =>
    withFacets(datasets.get(o.model)!, {
      schema: schemaFacet(ctx, o.schema),
      columnLineage: transition.lineage ? columnLineageFacet(ctx, transition.lineage, o.model, datasets) : undefined,
      // A dataset facet, as dbt's integration also puts it: the checks test the output, not an input.
      dataQualityAssertions: o.assertions.length > 0 ? { ...facet(ctx, 'dataQualityAssertions'), assertions: o.assertions } : undefined,
    }),
  );
  return event(ctx, transition.eventType, transition.time, runId, job, { inputs, outputs, ...(transition.error !== undefined ? { error: transition.error } : {}) });
}

type Origin = { table: string; column: string; type: 'DIRECT' | 'INDIRECT'; maskedBy: string | undefined };

/**
 * Each column of `model` from the lineage analysis, followed through the run's intermediate models
 * (not datasets of their own) to the run's inputs and other outputs. A value that passed an indirect
 * step is INDIRECT; `masking` is set where a masking function clears the column as sensitivity.ts
 * judges it (the keyed HMAC, or an unkeyed hash the steward accepted for that source column). A column
 * whose lineage is unknown gets no input fields: the facet claims only what the analysis knows.
 */
function columnLineageFacet(ctx: EmitContext, lineage: PipelineLineage, model: string, datasets: Map<string, Dataset>): ColumnLineageFacet | undefined {
  const models = new Map(lineage.models.map((m) => [m.model, m]));
  const sourceMasking = new Map(lineage.sources.flatMap((s) => s.columns.map((c) => [`${s.name}.${c.name}`, c.masking] as const)));
  const own = models.get(model);
  if (!own || !own.verified) return undefined;

  const origins = (table: string, column: string, visiting: Set<string>): Origin[] => {
    if (datasets.has(table) && table !== model) return [{ table, column, type: 'DIRECT', maskedBy: undefined }];
    const key = `${table}.${column}`;
    const upstream = models.get(table);
    const lineageColumn = upstream?.columns.find((c) => c.name === column);
    if (!lineageColumn || lineageColumn.unknown !== null || visiting.has(key)) return [];
    visiting.add(key);
    const found = [
      ...lineageColumn.direct.flatMap((d) => origins(d.table, d.column, visiting).map((o) => ({ ...o, maskedBy: o.maskedBy ?? d.maskedBy }))),
      ...lineageColumn.indirect.flatMap((i) => origins(i.table, i.column, visiting).map((o) => ({ ...o, type: 'INDIRECT' as const }))),
    ];
    visiting.delete(key);
    return found;
  };

  const fields: ColumnLineageFacet['fields'] = {};
  for (const column of own.columns) {
    const byKey = new Map<string, InputField>();
    for (const o of origins(model, column.name, new Set())) {
      const dataset = datasets.get(o.table)!;
      const masking = o.type === 'DIRECT' && maskingClears(o.maskedBy, sourceMasking.get(`${o.table}.${o.column}`) ?? 'none');
      const transformation: Transformation =
        o.type === 'DIRECT'
          ? { type: 'DIRECT', subtype: 'TRANSFORMATION', ...(o.maskedBy ? { description: `masked by ${o.maskedBy}` } : {}), masking }
          : { type: 'INDIRECT', masking: false };
      const key = `${dataset.namespace}\u0000${dataset.name}\u0000${o.column}`;
      const had = byKey.get(key);
      if (!had) byKey.set(key, { namespace: dataset.namespace, name: dataset.name, field: o.column, transformations: [transformation] });
      else if (!had.transformations.some((t) => t.type === transformation.type && t.masking === transformation.masking)) had.transformations.push(transformation);
    }
    fields[column.name] = { inputFields: [...byKey.values()] };
  }
  return { ...facet(ctx, 'columnLineage'), fields };
}
