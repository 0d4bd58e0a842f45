import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '@/lib/notebook/schema';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import { changeContract, createDataset, getDatasetOrThrow } from '@/lib/server/catalog/datasets';
import { pipelinePublishes, pipelines, snapshots } from '@/lib/server/db/schema';
import { TEST_DATABASES } from '@/lib/server/testing/databases';
import { openProductionFixture, type ProductionFixture } from '@/lib/server/testing/production';
import { healthTrends, listDatasetHealth, listPipelineHealth, pipelineHealth, type DatasetHealth, type PipelineHealth } from './read';

// The health dashboard's numbers from real runs and loads: a PostgreSQL source loaded into the
// warehouse, a version promoted through the gates that publishes, one whose cell fails on the real
// data, a contract with a one-hour freshness SLA, and a publish and a snapshot made three hours ago
// (rows written with that time, as a slow pipeline would have left them).

const BY_STATUS = 'select status, count(*) as orders, sum(amount) as amount from orders group by status';
const HOUR = 3600;
const FIRST = { after: null, limit: 50 };

describe.each(TEST_DATABASES)('health (metadata on %s)', (dbKind) => {
  let f: ProductionFixture;
  const published = mkdtempSync(join(tmpdir(), 'assay-health-'));
  const pipelineOf = async (): Promise<PipelineHealth> => (await pipelineHealth(f.app.db, f.pipelineId()))!;
  const datasetOf = async (name: string): Promise<DatasetHealth> => (await listDatasetHealth(f.app.db, FIRST)).items.find((d) => d.name === name)!;

  beforeAll(async () => {
    f = await openProductionFixture(dbKind, { warehouse: () => openDuckdbWarehouse({ path: ':memory:', threads: 2 }), publishedRoot: published });
    // A dataset no source feeds, and a pipeline nothing was promoted to yet: listed, with no score.
    await createDataset(f.app.db, {
      name: 'zz_notes',
      kind: 'model',
      ownerId: f.steward.id,
      actorId: f.steward.id,
      contract: { description: 'Notes.', retentionDays: null, freshnessSlaHours: 24, columns: [{ name: 'id', type: 'BIGINT', nullable: false, description: 'Key.', sensitivity: 'internal', masking: 'none' }] },
    });
    await f.app.db.insert(pipelines).values({ id: 'pl_waiting', name: 'a waiting pipeline', ownerId: f.steward.id });
  }, 180_000);
  afterAll(async () => {
    await f?.close();
    rmSync(published, { recursive: true, force: true });
  });

  it('lists pipelines and datasets before anything ran: no run, no snapshot, no score, nothing breached', async () => {
    expect((await listPipelineHealth(f.app.db, FIRST)).items).toEqual([
      expect.objectContaining({ id: 'pl_waiting', currentVersion: null, lastRun: null, publishedAt: null, freshnessSeconds: null, slaHours: null, runsFinished: 0, quality: null, breaching: false, breaches: [] }),
    ]);
    expect((await listDatasetHealth(f.app.db, FIRST)).items).toEqual([
      expect.objectContaining({ name: 'orders', bound: true, snapshot: null, lastLoad: null, completeness: 'missing', loadsFinished: 0, quality: null, breaching: false }),
      expect.objectContaining({ name: 'zz_notes', bound: false, snapshot: null, lastLoad: null, completeness: 'missing', slaHours: 24, quality: null, breaching: false }),
    ]);
  });

  it('scores a pipeline that published and a dataset that loaded, within a one-hour SLA, 100', async () => {
    await f.promote([{ id: 'c1', kind: 'sql', name: 'orders_by_status', source: BY_STATUS }], ['orders_by_status'], { orders_by_status: ['status', 'orders', 'amount'] });
    await f.load();
    const orders = await getDatasetOrThrow(f.app.db, 'orders');
    await changeContract(f.app.db, { datasetId: 'orders', baseVersion: orders.version, ownerId: orders.ownerId, actorId: f.steward.id, contract: { ...orders.contract, freshnessSlaHours: 1 } });

    const pipeline = await pipelineOf();
    expect(pipeline).toMatchObject({ currentVersion: 1, lastRun: { status: 'published', finishedAt: expect.any(Date), durationMs: expect.any(Number) }, slaHours: 1, runsPassed: 1, runsFinished: 1, quality: 100, breaching: false, breaches: [] });
    expect(pipeline.freshnessSeconds).toBeLessThan(120);
    const dataset = await datasetOf('orders');
    expect(dataset).toMatchObject({ snapshot: { rows: 300, loadedAt: expect.any(Date) }, slaHours: 1, lastLoad: { status: 'published', error: null }, completeness: 'complete', loadsPassed: 1, loadsFinished: 1, quality: 100, breaching: false });
  });

  it('marks the pipeline breaching when its last run failed, and counts it in the pass rate', async () => {
    // Each status has 100 orders in production and at most 40 in the sandbox: the cast fails only here.
    const failing: Cell[] = [{ id: 'c1', kind: 'sql', name: 'orders_by_status', source: `${BY_STATUS.replace(' from', ", cast(case when count(*) > 40 then 'many' else '1' end as integer) as flag from")}` }];
    await f.promote(failing, ['orders_by_status'], { orders_by_status: ['status', 'orders', 'amount', 'flag'] });
    await f.drain();
    const pipeline = await pipelineOf();
    expect(pipeline).toMatchObject({ currentVersion: 2, lastRun: { status: 'failed' }, slaHours: 1, runsPassed: 1, runsFinished: 2, breaching: true, breaches: [{ kind: 'last_failed' }] });
    // Half the runs passed (25 of 50), production's data is still within the SLA (50 of 50).
    expect(pipeline.quality).toBe(75);
  });

  it('marks a pipeline and a dataset whose served data is older than the SLA', async () => {
    const threeHoursAgo = new Date(Date.now() - 3 * HOUR * 1000);
    const [publish] = await f.app.db.select().from(pipelinePublishes).where(eq(pipelinePublishes.pipelineId, f.pipelineId())).orderBy(desc(pipelinePublishes.id)).limit(1);
    const { id: _publish, ...samePublish } = publish!;
    await f.app.db.insert(pipelinePublishes).values({ ...samePublish, kind: 'rollback', parquetDir: null, createdAt: threeHoursAgo });
    const pipeline = await pipelineOf();
    expect(pipeline.freshnessSeconds).toBeGreaterThan(3 * HOUR - 60);
    expect(pipeline.breaches).toEqual([{ kind: 'freshness', ageSeconds: pipeline.freshnessSeconds, slaHours: 1 }, { kind: 'last_failed' }]);
    expect(pipeline.quality).toBe(25);

    const [snapshot] = await f.app.db.select().from(snapshots).where(eq(snapshots.datasetId, 'orders')).orderBy(desc(snapshots.id)).limit(1);
    const { id: _snapshot, ...sameSnapshot } = snapshot!;
    await f.app.db.insert(snapshots).values({ ...sameSnapshot, physicalTable: `${snapshot!.physicalTable}_old`, startedAt: threeHoursAgo, finishedAt: threeHoursAgo });
    const dataset = await datasetOf('orders');
    expect(dataset).toMatchObject({ snapshot: { loadedAt: threeHoursAgo }, completeness: 'complete', breaching: true, quality: 50 });
    expect(dataset.breaches).toEqual([{ kind: 'freshness', ageSeconds: dataset.freshnessSeconds, slaHours: 1 }]);
  });

  it('marks a dataset whose last load was quarantined as behind and breaching', async () => {
    await f.source.exec('ALTER TABLE orders ADD COLUMN note text');
    await f.load();
    const dataset = await datasetOf('orders');
    expect(dataset).toMatchObject({ lastLoad: { status: 'quarantined' }, completeness: 'behind', loadsPassed: 1, loadsFinished: 2, breaching: true });
    expect(dataset.breaches.map((b) => b.kind)).toEqual(['freshness', 'last_failed']);
    expect(dataset.quality).toBe(25);
  });

  it('pages both lists by name with the keyset module', async () => {
    const first = await listPipelineHealth(f.app.db, { after: null, limit: 1 });
    expect(first.items.map((p) => p.name)).toEqual(['a waiting pipeline']);
    expect(first.nextKey).toEqual(['a waiting pipeline']);
    const second = await listPipelineHealth(f.app.db, { after: first.nextKey, limit: 1 });
    expect(second).toEqual({ items: [expect.objectContaining({ name: `orders ${dbKind}` })], nextKey: null });
    const datasets = await listDatasetHealth(f.app.db, { after: ['orders'], limit: 1 });
    expect(datasets).toEqual({ items: [expect.objectContaining({ name: 'zz_notes' })], nextKey: null });
  });

  it('aggregates the last 30 days of finished runs per day, per pipeline and across them', async () => {
    const trends = await healthTrends(f.app.db);
    const today = new Date().toISOString().slice(0, 10);
    expect(trends.perPipeline).toEqual([{ day: today, pipeline: `orders ${dbKind}`, runs: 2, avgSeconds: expect.any(Number), rowsWritten: 3 }]);
    expect(trends.failures).toEqual([{ day: today, runs: 2, failed: 1, failureRate: 0.5 }]);
    expect(trends.truncated).toBe(false);
    // Nothing finished in the 30 days before a month from now.
    expect(await healthTrends(f.app.db, new Date(Date.now() + 40 * 24 * HOUR * 1000))).toEqual({ perPipeline: [], failures: [], truncated: false });
  });
});
