import { describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import { analyzeLineage } from '@/lib/lineage/analyze';
import type { LineageSource, PipelineLineage } from '@/lib/lineage/types';
import { loadRunEvent, pipelineRunEvent, pipelineRunId, producerUrl, sourceDataset, type EmitContext, type LoadSubject } from './events';
import { uuidV5 } from './run-id';
import { validateEvent } from './validate';

const ctx: EmitContext = { namespace: 'assay', producer: producerUrl('0.1.0') };
const T0 = new Date('2026-12-03T10:00:00.000Z');
const T1 = new Date('2026-12-03T10:00:02.500Z');

const customers: LineageSource = {
  name: 'customers',
  columns: [
    { name: 'customer_id', type: 'BIGINT', sensitivity: 'internal', masking: 'none' },
    { name: 'email', type: 'VARCHAR', sensitivity: 'pii', masking: 'hash' },
    { name: 'full_name', type: 'VARCHAR', sensitivity: 'pii', masking: 'redact' },
    { name: 'country', type: 'VARCHAR', sensitivity: 'public', masking: 'none' },
  ],
};

async function lineageOf(models: { name: string; sql: string }[]): Promise<PipelineLineage> {
  const engine = await createNativeEngine();
  try {
    // The server's keyed HMAC UDF stands in here as a macro: lineage reads the function's name, not its body.
    await engine.query("CREATE MACRO assay_pseudonymise_email(v) AS 'x' || md5(v)");
    return await analyzeLineage(engine, { sources: [customers], models });
  } finally {
    await engine.close();
  }
}

describe('OpenLineage run ids', () => {
  it('are UUID version 5, stable per Assay run and distinct across runs, kinds and namespaces', () => {
    expect(uuidV5('assay:x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Python's uuid.uuid5(uuid.NAMESPACE_URL, 'assay:assay:pipeline_run:7'), computed independently.
    expect(pipelineRunId(ctx, 7)).toBe('e9ae13e7-7d8d-579e-a541-0e45b09c6483');
    expect(pipelineRunId(ctx, 7)).toBe(pipelineRunId(ctx, 7));
    expect(pipelineRunId(ctx, 7)).not.toBe(pipelineRunId(ctx, 8));
    expect(pipelineRunId(ctx, 7)).not.toBe(pipelineRunId({ ...ctx, namespace: 'other' }, 7));
  });
});

describe('OpenLineage events of a load', () => {
  const load: LoadSubject = { jobId: 42, datasetId: 'orders', source: { kind: 'postgres', host: 'db.internal', port: 5432, database: 'shop', schema: '', table: 'orders' } };

  it('names sources by OpenLineage naming conventions', () => {
    expect(sourceDataset(load.source)).toEqual({ namespace: 'postgres://db.internal:5432', name: 'shop.public.orders' });
    expect(sourceDataset({ ...load.source, kind: 'mysql', port: 3306 })).toEqual({ namespace: 'mysql://db.internal:3306', name: 'shop.orders' });
    expect(sourceDataset({ kind: 'files', host: '', port: 0, database: '/data/files/c1', schema: '', table: 'orders.csv' })).toEqual({ namespace: 'file', name: '/data/files/c1/orders.csv' });
  });

  it('builds a schema-valid START and COMPLETE sharing one runId, with the contract checks as assertions', () => {
    const start = loadRunEvent(ctx, load, { eventType: 'START', time: T0 });
    const complete = loadRunEvent(ctx, load, {
      eventType: 'COMPLETE',
      time: T1,
      written: {
        columns: [{ name: 'id', type: 'INTEGER' }, { name: 'amount', type: 'DECIMAL(10,2)' }],
        sourceColumns: [{ name: 'id', type: 'integer' }, { name: 'amount', type: 'numeric(10,2)' }],
        assertions: [{ assertion: 'not_null', success: true, column: 'id' }, { assertion: 'unique', success: true, column: 'id', name: 'primary key' }],
      },
    });
    expect(validateEvent(start)).toEqual([]);
    expect(validateEvent(complete)).toEqual([]);
    expect(start).toMatchObject({ eventType: 'START', eventTime: '2026-12-03T10:00:00.000Z', job: { namespace: 'assay', name: 'load.orders', facets: { jobType: { processingType: 'BATCH', integration: 'ASSAY', jobType: 'LOAD' } } } });
    expect(complete.run.runId).toBe(start.run.runId);
    expect(complete.outputs).toEqual([
      {
        namespace: 'assay-warehouse',
        name: 'raw.orders',
        facets: {
          schema: expect.objectContaining({ fields: [{ name: 'id', type: 'INTEGER', ordinal_position: 1 }, { name: 'amount', type: 'DECIMAL(10,2)', ordinal_position: 2 }] }),
          dataQualityAssertions: expect.objectContaining({ assertions: [{ assertion: 'not_null', success: true, column: 'id' }, { assertion: 'unique', success: true, column: 'id', name: 'primary key' }] }),
        },
      },
    ]);
  });

  it('builds a schema-valid FAIL with the error message', () => {
    const fail = loadRunEvent(ctx, load, { eventType: 'FAIL', time: T1, error: 'source table orders does not exist on shop' });
    expect(validateEvent(fail)).toEqual([]);
    expect(fail.run.facets?.errorMessage).toMatchObject({ message: 'source table orders does not exist on shop', programmingLanguage: 'TypeScript' });
    expect(fail.outputs).toEqual([{ namespace: 'assay-warehouse', name: 'raw.orders' }]);
  });

  it('is refused by the schema when broken, so the validation is not vacuous', () => {
    const start = loadRunEvent(ctx, load, { eventType: 'START', time: T0 });
    expect(validateEvent({ ...start, eventType: 'DONE' })).toEqual([expect.stringMatching(/eventType must be equal to one of the allowed values/)]);
    expect(validateEvent({ ...start, run: { runId: 'run-42' } })).toEqual([expect.stringMatching(/runId must match format "uuid"/)]);
    const badFacet = { ...start, job: { ...start.job, facets: { jobType: { ...start.job.facets.jobType, integration: undefined } } } };
    expect(validateEvent(badFacet)).toEqual([expect.stringMatching(/^job: JobTypeJobFacet must have required property 'integration'/)]);
  });
});

describe('OpenLineage events of a production run', () => {
  it('carries column lineage through intermediate models, DIRECT/INDIRECT, with masking where a masking function clears', async () => {
    const lineage = await lineageOf([
      { name: 'stage', sql: "select customer_id, assay_pseudonymise_email(email) as contact, md5(full_name) as name_hash, country from customers where country <> ''" },
      { name: 'report', sql: 'select country, contact, name_hash, count(*) as customers from stage group by all' },
    ]);
    const run = { runId: 12, pipeline: 'customers by country', inputs: [{ name: 'customers' }] };
    const start = pipelineRunEvent(ctx, run, { eventType: 'START', time: T0 });
    const complete = pipelineRunEvent(ctx, run, {
      eventType: 'COMPLETE',
      time: T1,
      lineage,
      outputs: [
        {
          model: 'report',
          name: 'prod.report',
          schema: lineage.models.find((m) => m.model === 'report')!.schema,
          assertions: [{ assertion: 'not_null', success: true, column: 'country', severity: 'error', name: 'c1', description: 'country is not null', actual: '0' }],
        },
      ],
    });
    expect(validateEvent(start)).toEqual([]);
    expect(validateEvent(complete)).toEqual([]);
    expect(complete.run.runId).toBe(start.run.runId);
    expect(complete.job.name).toBe('pipeline.customers by country');
    expect(complete.inputs).toEqual([{ namespace: 'assay-warehouse', name: 'raw.customers', facets: { schema: expect.objectContaining({ fields: expect.arrayContaining([{ name: 'email', type: 'VARCHAR', ordinal_position: 2 }]) }) } }]);
    const fields = complete.outputs[0]!.facets!.columnLineage!.fields;
    const summary = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.inputFields.map((i) => `${i.name}.${i.field} ${i.transformations.map((t) => `${t.type}${t.masking ? ' masked' : ''}${t.description ? ` (${t.description})` : ''}`).join(', ')}`).sort()]));
    // The keyed HMAC clears email; an unkeyed md5 does not clear full_name (its rule is redact, not hash).
    // The filter on country and the group keys decide the rows of every column: INDIRECT.
    expect(summary).toEqual({
      country: ['raw.customers.country DIRECT, INDIRECT', 'raw.customers.email INDIRECT', 'raw.customers.full_name INDIRECT'],
      contact: ['raw.customers.country INDIRECT', 'raw.customers.email DIRECT masked (masked by assay_pseudonymise_email)', 'raw.customers.full_name INDIRECT'],
      name_hash: ['raw.customers.country INDIRECT', 'raw.customers.email INDIRECT', 'raw.customers.full_name DIRECT (masked by md5)'],
      customers: ['raw.customers.country INDIRECT', 'raw.customers.email INDIRECT', 'raw.customers.full_name INDIRECT'],
    });
    expect(fields.contact!.inputFields.find((f) => f.field === 'email')).toEqual({ namespace: 'assay-warehouse', name: 'raw.customers', field: 'email', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', description: 'masked by assay_pseudonymise_email', masking: true }] });
    expect(fields.customers!.inputFields.every((f) => f.transformations.every((t) => t.type === 'INDIRECT'))).toBe(true);
    expect(complete.outputs[0]!.facets!.dataQualityAssertions!.assertions).toEqual([{ assertion: 'not_null', success: true, column: 'country', severity: 'error', name: 'c1', description: 'country is not null', actual: '0' }]);
  });

  it('builds a schema-valid FAIL of a run whose blocking check failed, naming its unpublished tables', () => {
    const fail = pipelineRunEvent(ctx, { runId: 13, pipeline: 'p', inputs: [{ name: 'orders' }] }, {
      eventType: 'FAIL',
      time: T1,
      lineage: null,
      error: 'blocking checks failed: orders_by_status: amount is not null (3 rows)',
      outputs: [{ model: 'orders_by_status', name: 'run_13.orders_by_status', schema: [{ name: 'amount', type: 'DECIMAL(38,2)' }], assertions: [{ assertion: 'not_null', success: false, column: 'amount', severity: 'error', actual: '3' }] }],
    });
    expect(validateEvent(fail)).toEqual([]);
    expect(fail.outputs[0]).toMatchObject({ name: 'run_13.orders_by_status', facets: { dataQualityAssertions: { assertions: [{ success: false }] } } });
    expect(fail.outputs[0]!.facets!.columnLineage).toBeUndefined();
  });
});
