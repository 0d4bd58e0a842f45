import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '@/lib/notebook/schema';
import { validateEvent } from '@/lib/openlineage/validate';
import type { RunEvent } from '@/lib/openlineage/types';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import { jobs, lineageEvents } from '@/lib/server/db/schema';
import { deliveryHandlers } from '@/lib/server/jobs/jobs';
import { runNextJob } from '@/lib/server/jobs/worker';
import { metrics } from '@/lib/server/observability/metrics';
import { listRuns } from '@/lib/server/runs/read';
import { setRunSchedule } from '@/lib/server/runs/schedules';
import { LOAD_JOB, latestLoadJob, requestLoad } from '@/lib/server/sources/loads';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { openProductionFixture, type ProductionFixture } from '@/lib/server/testing/production';
import { emissionStatus, OPENLINEAGE_JOB } from './outbox';

// OpenLineage end to end on the services: a real PostgreSQL source loaded and a real production run,
// their events stored by the transactions that start and finish them, delivered by the delivery lane
// to a real HTTP receiver and an NDJSON file, and validated against the vendored OpenLineage schemas.

type Received = { headers: IncomingHttpHeaders; event: RunEvent };

async function startReceiver() {
  const received: Received[] = [];
  let status: number | 'hang' = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, event: JSON.parse(Buffer.concat(chunks).toString('utf8')) as RunEvent });
      if (status !== 'hang') res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/lineage`,
    received,
    answer: (next: number | 'hang') => (status = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const BY_STATUS = 'select status, count(*) as orders, sum(amount) as amount from orders group by status';

describe.each(TEST_DATABASES)('OpenLineage events (metadata on %s)', (dbKind) => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let app: TestApp;
  let f: ProductionFixture;
  const dir = mkdtempSync(join(tmpdir(), 'assay-openlineage-'));
  const file = join(dir, 'lineage.ndjson');

  const deliver = async () => {
    while (await runNextJob(app.db, deliveryHandlers(app), 'test-delivery'));
  };
  /** The queue's back-off (5 s, then 20 s) is the queue's business: the test makes the retries due now. */
  const retriesDueNow = () => app.db.update(jobs).set({ runAfter: sql`now()` }).where(and(eq(jobs.kind, OPENLINEAGE_JOB), eq(jobs.status, 'queued')));
  const receivedFor = (runId: string) => receiver.received.filter((r) => r.event.run.runId === runId);
  const fileEvents = () => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as RunEvent);
  const latestRun = async () => (await listRuns(app.db, f.pipelineId(), { after: null, limit: 1 }).then((p) => p.items[0]!));
  const outboxOf = async (subject: string) => app.db.select().from(lineageEvents).where(eq(lineageEvents.subject, subject)).orderBy(lineageEvents.id);
  const refusedCount = async () => (await metrics().openLineageEvents.get()).values.filter((v) => v.labels.outcome === 'refused').reduce((sum, v) => sum + v.value, 0);

  beforeAll(async () => {
    receiver = await startReceiver();
    app = await openTestApp(dbKind);
    app.config.openLineage = { namespace: 'assay-test', url: receiver.url, apiKey: 'ol-secret-key', file };
    f = await openProductionFixture(dbKind, { app, warehouse: () => openDuckdbWarehouse({ path: ':memory:', threads: 2 }), publishedRoot: join(dir, 'published') });
  });
  afterAll(async () => {
    await f?.close();
    await app?.close();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a load emits START then COMPLETE with one runId, schema-valid, to the endpoint and the file, on the delivery lane only', async () => {
    await f.load();
    const job = (await latestLoadJob(app.db, 'orders'))!;
    const outbox = await outboxOf(`load:${job.id}`);
    expect(outbox.map((r) => `${r.eventType} ${r.target}`)).toEqual(['START http', 'START file', 'COMPLETE http', 'COMPLETE file']);
    // The load's own lane delivered nothing: outbound calls wait for the delivery lane.
    expect(receiver.received).toEqual([]);
    await deliver();

    const runId = outbox[0]!.runId;
    const got = receivedFor(runId);
    expect(got.map((r) => r.event.eventType)).toEqual(['START', 'COMPLETE']);
    for (const { event, headers } of got) {
      expect(validateEvent(event)).toEqual([]);
      expect(headers['content-type']).toBe('application/json');
      expect(headers.authorization).toBe('Bearer ol-secret-key');
    }
    const [start, complete] = got.map((r) => r.event);
    expect(start).toMatchObject({ job: { namespace: 'assay-test', name: 'load.orders' }, inputs: [{ namespace: `postgres://${f.source.target.host}:${f.source.target.port}`, name: expect.stringMatching(/\.public\.orders$/) }], outputs: [{ namespace: 'assay-warehouse', name: 'raw.orders' }] });
    expect(complete!.outputs[0]!.facets!.schema!.fields.map((c) => `${c.name} ${c.type}`)).toEqual(['id INTEGER', 'status VARCHAR', 'amount DECIMAL(10,2)', 'updated_at TIMESTAMP WITH TIME ZONE']);
    expect(complete!.outputs[0]!.facets!.dataQualityAssertions!.assertions).toEqual([
      { assertion: 'not_null', success: true, column: 'id', actual: '0' },
      { assertion: 'not_null', success: true, column: 'status', actual: '0' },
      { assertion: 'not_null', success: true, column: 'amount', actual: '0' },
      { assertion: 'not_null', success: true, column: 'updated_at', actual: '0' },
      { assertion: 'unique', success: true, column: 'id', name: 'primary key (id)' },
      { assertion: 'schema_contract', success: true },
    ]);
    // The NDJSON file holds the same two events, one valid event per line.
    expect(fileEvents()).toEqual([start, complete]);
    expect(await emissionStatus(app.db, `load:${job.id}`)).toEqual([
      { eventType: 'START', target: 'http', state: 'delivered', attempts: 1, lastError: null },
      { eventType: 'START', target: 'file', state: 'delivered', attempts: 1, lastError: null },
      { eventType: 'COMPLETE', target: 'http', state: 'delivered', attempts: 1, lastError: null },
      { eventType: 'COMPLETE', target: 'file', state: 'delivered', attempts: 1, lastError: null },
    ]);
  });

  it('a production run emits START then COMPLETE with its outputs, column lineage and checks', async () => {
    const cells: Cell[] = [
      { id: 'c1', kind: 'sql', name: 'orders_by_status', source: BY_STATUS },
      { id: 'k1', kind: 'check', model: 'orders_by_status', checks: [{ id: 'status_present', kind: 'not_null', column: 'status' }] },
    ];
    await f.promote(cells, ['orders_by_status'], { orders_by_status: ['status', 'orders', 'amount'] });
    await f.drain();
    const run = await latestRun();
    expect(run.status).toBe('published');
    await deliver();
    const [outboxRow] = await outboxOf(`pipeline_run:${run.id}`);
    const got = receivedFor(outboxRow!.runId).map((r) => r.event);
    expect(got.map((e) => e.eventType)).toEqual(['START', 'COMPLETE']);
    for (const event of got) expect(validateEvent(event)).toEqual([]);
    const complete = got[1]!;
    expect(complete.job.name).toBe(`pipeline.orders ${dbKind}`);
    expect(complete.inputs.map((i) => `${i.namespace}/${i.name}`)).toEqual(['assay-warehouse/raw.orders']);
    const output = complete.outputs[0]!;
    expect(`${output.namespace}/${output.name}`).toBe('assay-warehouse/prod.orders_by_status');
    expect(output.facets!.schema!.fields.map((c) => c.name)).toEqual(['status', 'orders', 'amount']);
    const lineage = output.facets!.columnLineage!.fields;
    expect(lineage.amount!.inputFields).toEqual(
      expect.arrayContaining([{ namespace: 'assay-warehouse', name: 'raw.orders', field: 'amount', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: false }] }]),
    );
    expect(lineage.orders!.inputFields.flatMap((i) => i.transformations.map((t) => t.type))).not.toContain('DIRECT');
    expect(output.facets!.dataQualityAssertions!.assertions).toEqual([{ assertion: 'not_null', success: true, column: 'status', severity: 'error', name: 'status_present', description: expect.any(String), actual: '0' }]);
    expect(fileEvents().filter((e) => e.run.runId === outboxRow!.runId)).toEqual(got);
  });

  it('a run whose blocking check fails emits FAIL with the reason and its unpublished tables', async () => {
    const cells: Cell[] = [
      { id: 'c1', kind: 'sql', name: 'orders_by_status', source: BY_STATUS },
      { id: 'k1', kind: 'check', model: 'orders_by_status', checks: [{ id: 'few', kind: 'expression', predicate: 'orders <= 20' }] },
    ];
    await f.promote(cells, ['orders_by_status'], { orders_by_status: ['status', 'orders', 'amount'] });
    await f.drain();
    const run = await latestRun();
    expect(run.status).toBe('checks_failed');
    await deliver();
    const [outboxRow] = await outboxOf(`pipeline_run:${run.id}`);
    const got = receivedFor(outboxRow!.runId).map((r) => r.event);
    expect(got.map((e) => e.eventType)).toEqual(['START', 'FAIL']);
    for (const event of got) expect(validateEvent(event)).toEqual([]);
    expect(got[1]!.run.facets!.errorMessage!.message).toMatch(/^blocking checks failed: orders_by_status: .* \(3 rows\)$/);
    expect(got[1]!.outputs[0]).toMatchObject({ name: `run_${run.id}_v2.orders_by_status`, facets: { dataQualityAssertions: { assertions: [{ assertion: 'expression', success: false, severity: 'error', actual: '3' }] } } });
  });

  it('an endpoint answering 500 leaves the run published, records each refused attempt, and gives up after three', async () => {
    receiver.answer(500);
    const refusedBefore = await refusedCount();
    await f.promote([{ id: 'c1', kind: 'sql', name: 'orders_by_status', source: BY_STATUS }], ['orders_by_status'], { orders_by_status: ['status', 'orders', 'amount'] });
    await f.drain();
    const run = await latestRun();
    expect(run.status).toBe('published');
    const subject = `pipeline_run:${run.id}` as const;

    await deliver();
    expect((await emissionStatus(app.db, subject)).filter((s) => s.target === 'http')).toEqual([
      { eventType: 'START', target: 'http', state: 'pending', attempts: 1, lastError: '500 Internal Server Error' },
      { eventType: 'COMPLETE', target: 'http', state: 'pending', attempts: 1, lastError: '500 Internal Server Error' },
    ]);
    for (let retry = 0; retry < 2; retry++) {
      await retriesDueNow();
      await deliver();
    }
    expect(await emissionStatus(app.db, subject)).toEqual([
      { eventType: 'START', target: 'http', state: 'failed', attempts: 3, lastError: '500 Internal Server Error' },
      { eventType: 'START', target: 'file', state: 'delivered', attempts: 1, lastError: null },
      { eventType: 'COMPLETE', target: 'http', state: 'failed', attempts: 3, lastError: '500 Internal Server Error' },
      { eventType: 'COMPLETE', target: 'file', state: 'delivered', attempts: 1, lastError: null },
    ]);
    expect(receivedFor((await outboxOf(subject))[0]!.runId)).toHaveLength(6);
    expect((await refusedCount()) - refusedBefore).toBe(6);
    // Nothing is left to retry, and the run stands.
    await retriesDueNow();
    await deliver();
    expect(receivedFor((await outboxOf(subject))[0]!.runId)).toHaveLength(6);
    expect((await latestRun()).status).toBe('published');
    receiver.answer(200);
  });

  it('a load that gives up emits one START and a FAIL with the error', async () => {
    await f.source.exec('ALTER TABLE orders RENAME TO orders_gone');
    try {
      await requestLoad(app.db, { datasetId: 'orders', mode: 'full', trigger: 'manual', userId: f.steward.id });
      await f.drain();
      await app.db.update(jobs).set({ runAfter: sql`now()` }).where(and(eq(jobs.kind, LOAD_JOB), eq(jobs.status, 'queued')));
      await f.drain();
    } finally {
      await f.source.exec('ALTER TABLE orders_gone RENAME TO orders');
    }
    const job = (await latestLoadJob(app.db, 'orders'))!;
    expect(job).toMatchObject({ status: 'failed', attempts: 2 });
    await deliver();
    const got = receivedFor((await outboxOf(`load:${job.id}`))[0]!.runId).map((r) => r.event);
    expect(got.map((e) => e.eventType)).toEqual(['START', 'FAIL']);
    for (const event of got) expect(validateEvent(event)).toEqual([]);
    expect(got[1]!.run.facets!.errorMessage!.message).toMatch(/^source table orders does not exist on shop/);
  });

  it('a load whose snapshot the contract quarantines emits FAIL with the drift, as a failed schema assertion', async () => {
    await f.source.exec('ALTER TABLE orders ADD COLUMN note text');
    try {
      await f.load();
    } finally {
      await f.source.exec('ALTER TABLE orders DROP COLUMN note');
    }
    const job = (await latestLoadJob(app.db, 'orders'))!;
    await deliver();
    const got = receivedFor((await outboxOf(`load:${job.id}`))[0]!.runId).map((r) => r.event);
    expect(got.map((e) => e.eventType)).toEqual(['START', 'FAIL']);
    for (const event of got) expect(validateEvent(event)).toEqual([]);
    expect(got[1]!.run.facets!.errorMessage!.message).toBe('the snapshot was quarantined by its contract: column note (VARCHAR) was added in the source');
    expect(got[1]!.outputs[0]!.facets!.dataQualityAssertions!.assertions.at(-1)).toEqual({ assertion: 'schema_contract', success: false, description: 'column note (VARCHAR) was added in the source' });
  });

  it('an endpoint that never answers is cut off after 5 s, recorded as unreachable, and delivered on a retry', async () => {
    // Only the load's two events: the pipeline does not run on this snapshot.
    await setRunSchedule(app.db, { pipelineId: f.pipelineId(), actorId: f.steward.id, schedule: null, onNewSnapshot: false });
    receiver.answer('hang');
    await f.load();
    const job = (await latestLoadJob(app.db, 'orders'))!;
    const subject = `load:${job.id}` as const;
    const started = performance.now();
    // Each of the four deliveries (two events, two targets) once: a retry would be due by the time the
    // second timeout ends, so draining the lane here would retry too.
    for (let i = 0; i < 4; i++) await runNextJob(app.db, deliveryHandlers(app), 'test-delivery');
    // Each attempt at the endpoint is cut at the timeout (the file target is delivered meanwhile).
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 5_000 - 100);
    expect((await emissionStatus(app.db, subject)).filter((s) => s.target === 'http')).toEqual([
      { eventType: 'START', target: 'http', state: 'pending', attempts: 1, lastError: 'no answer within 5 s' },
      { eventType: 'COMPLETE', target: 'http', state: 'pending', attempts: 1, lastError: 'no answer within 5 s' },
    ]);
    receiver.answer(200);
    await retriesDueNow();
    await deliver();
    expect((await emissionStatus(app.db, subject)).filter((s) => s.target === 'http')).toEqual([
      { eventType: 'START', target: 'http', state: 'delivered', attempts: 2, lastError: 'no answer within 5 s' },
      { eventType: 'COMPLETE', target: 'http', state: 'delivered', attempts: 2, lastError: 'no answer within 5 s' },
    ]);
  }, 30_000);

  it('writes one schema-valid event per line of the NDJSON file', () => {
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    const events = lines.slice(0, -1).map((line) => JSON.parse(line) as RunEvent);
    expect(events.length).toBe(14);
    for (const event of events) expect(validateEvent(event)).toEqual([]);
  });
});
