import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import type { Warehouse } from '@/lib/warehouse/types';
import { auditEvents, jobs } from '@/lib/server/db/schema';
import { enqueueJob } from '@/lib/server/jobs/queue';
import { listRuns } from '@/lib/server/runs/read';
import { setRunSchedule } from '@/lib/server/runs/schedules';
import { SAMPLE_JOB } from '@/lib/server/samples/samples';
import { TEST_DATABASES } from '@/lib/server/testing/databases';
import { openProductionFixture, type ProductionFixture } from '@/lib/server/testing/production';
import { currentSnapshot, listSnapshots, readSnapshotPage } from './loads';
import { expireSnapshots, setSnapshotRetention, snapshotExpiryPlan } from './retention';

// A steward's snapshot retention on a real PostgreSQL source with a production pipeline reading it:
// the plan never expires the current snapshot nor one a served run read, expiring is by hand only and
// exactly what the steward confirmed, drops the raw tables and leaves the snapshots listed as expired,
// and reading an expired one says who expired it and when.

const BY_STATUS = 'select status, count(*) as orders, sum(amount) as amount from orders group by status';

describe.each(TEST_DATABASES)('snapshot retention (metadata on %s)', (dbKind) => {
  let f: ProductionFixture;
  let warehouse: Warehouse;
  const dataset = 'orders';
  const published = mkdtempSync(join(tmpdir(), 'assay-retention-'));

  beforeAll(async () => {
    f = await openProductionFixture(dbKind, { warehouse: () => openDuckdbWarehouse({ path: ':memory:', threads: 2 }), publishedRoot: published });
    warehouse = f.warehouse;
  });
  afterAll(async () => {
    await f?.close();
    rmSync(published, { recursive: true, force: true });
  });

  const snapshotIds = async () => (await listSnapshots(f.app.db, dataset, { after: null, limit: 100 })).items.map((s) => s.id);
  const rawExists = async (id: number) => {
    const [snapshot] = (await listSnapshots(f.app.db, dataset, { after: null, limit: 100 })).items.filter((s) => s.id === id);
    return warehouse.exists({ layer: 'raw', name: snapshot!.physicalTable });
  };

  it('keeps every snapshot without a policy, and refuses to expire then', async () => {
    await f.promote([{ id: 'c1', kind: 'sql', name: 'orders_by_status', source: BY_STATUS }], ['orders_by_status'], { orders_by_status: ['status', 'orders', 'amount'] });
    await f.load();
    expect((await listRuns(f.app.db, f.pipelineId(), { after: null, limit: 1 })).items[0]).toMatchObject({ status: 'published' });
    // Later loads do not run the pipeline: production keeps serving the first snapshot.
    await setRunSchedule(f.app.db, { pipelineId: f.pipelineId(), actorId: f.steward.id, schedule: null, onNewSnapshot: false });
    for (let i = 0; i < 3; i++) await f.load();
    expect(await snapshotIds()).toHaveLength(4);
    const plan = await snapshotExpiryPlan(f.app.db, dataset);
    expect(plan).toMatchObject({ policy: { keepSnapshots: null, keepDays: null }, expire: [] });
    await expect(expireSnapshots(f.app.db, warehouse, { datasetId: dataset, actorId: f.steward.id, snapshotIds: [1] })).rejects.toMatchObject({
      code: 'conflict',
      message: 'dataset orders has no retention policy: set how many snapshots or days to keep first',
    });
  });

  it('refuses a policy of 0 or a negative number and changes nothing; an unbound dataset has none', async () => {
    for (const policy of [{ keepSnapshots: 0, keepDays: null }, { keepSnapshots: -1, keepDays: null }, { keepSnapshots: null, keepDays: -7 }]) {
      await expect(setSnapshotRetention(f.app.db, { datasetId: dataset, policy, actorId: f.steward.id })).rejects.toMatchObject({ code: 'invalid_body', message: expect.stringMatching(/^keep(Snapshots|Days): keep at least/) });
    }
    expect((await snapshotExpiryPlan(f.app.db, dataset)).policy).toEqual({ keepSnapshots: null, keepDays: null });
    await expect(snapshotExpiryPlan(f.app.db, 'nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('plans to keep the current snapshot, the one production serves and a sample’s, each saying why', async () => {
    const [s4, s3, s2, s1] = await snapshotIds();
    await setSnapshotRetention(f.app.db, { datasetId: dataset, policy: { keepSnapshots: 1, keepDays: null }, actorId: f.steward.id });
    const run = (await listRuns(f.app.db, f.pipelineId(), { after: null, limit: 1 })).items[0]!;
    const sample = await enqueueJob(f.app.db, { kind: SAMPLE_JOB, subject: 'sm_retention', payload: { datasets: [{ datasetId: dataset, snapshotId: s2 }] }, runAfter: new Date(Date.now() + 3_600_000) });
    const plan = await snapshotExpiryPlan(f.app.db, dataset);
    expect(plan).toEqual({
      datasetId: dataset,
      policy: { keepSnapshots: 1, keepDays: null },
      expire: [s3],
      keep: [
        { snapshotId: s4, reasons: ['the current snapshot', 'one of the 1 newest'] },
        { snapshotId: s2, reasons: ['sample sm_retention is being drawn from it'] },
        { snapshotId: s1, reasons: [`input of run ${run.id} of orders ${dbKind} v1: production serves it`] },
      ],
    });
    await f.app.db.update(jobs).set({ status: 'failed' }).where(eq(jobs.id, sample.id));
    expect((await snapshotExpiryPlan(f.app.db, dataset)).expire).toEqual([s3, s2]);
    const [audit] = await f.app.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'source.retention_changed'), eq(auditEvents.objectId, dataset)));
    expect(audit?.details).toEqual({ from: { keepSnapshots: null, keepDays: null }, to: { keepSnapshots: 1, keepDays: null } });
  });

  it('expires only what the steward confirmed: marks, audits and drops the raw tables; an expired snapshot reads as gone', async () => {
    const [s4, s3, s2, s1] = await snapshotIds();
    await expect(expireSnapshots(f.app.db, warehouse, { datasetId: dataset, actorId: f.steward.id, snapshotIds: [s3!] })).rejects.toMatchObject({
      code: 'conflict',
      message: `the plan changed since it was shown: it now expires snapshots ${s3}, ${s2}; look again and confirm those`,
    });
    expect(await rawExists(s3!)).toBe(true);

    const after = await expireSnapshots(f.app.db, warehouse, { datasetId: dataset, actorId: f.steward.id, snapshotIds: [s2!, s3!] });
    expect(after.expire).toEqual([]);
    expect(after.keep.map((k) => k.snapshotId)).toEqual([s4, s1]);
    expect(await rawExists(s3!)).toBe(false);
    expect(await rawExists(s2!)).toBe(false);
    expect(await rawExists(s1!)).toBe(true);
    const listed = (await listSnapshots(f.app.db, dataset, { after: null, limit: 100 })).items;
    expect(listed.map((s) => [s.id, s.expiredAt !== null, s.expiredByName])).toEqual([
      [s4, false, null],
      [s3, true, 'stan'],
      [s2, true, 'stan'],
      [s1, false, null],
    ]);
    const [audit] = await f.app.db.select().from(auditEvents).where(eq(auditEvents.action, 'source.snapshots_expired'));
    expect(audit).toMatchObject({ actorId: f.steward.id, objectId: dataset, details: { snapshots: [s3, s2], policy: { keepSnapshots: 1, keepDays: null } } });

    const expiredAt = listed.find((s) => s.id === s3)!.expiredAt!.toISOString();
    await expect(readSnapshotPage(f.app.db, warehouse, s3!, { offset: 0, limit: 1 })).rejects.toMatchObject({
      code: 'gone',
      message: `snapshot ${s3} of orders was expired by stan on ${expiredAt} under the dataset's retention policy: its rows are gone from the warehouse`,
      details: { expiredAt, expiredBy: 'stan' },
    });
    expect((await readSnapshotPage(f.app.db, warehouse, s1!, { offset: 0, limit: 1 })).rows).toHaveLength(1);
    expect((await currentSnapshot(f.app.db, dataset))!.id).toBe(s4);
    // The expiry rows are append-only; expiring again finds nothing.
    await expect(expireSnapshots(f.app.db, warehouse, { datasetId: dataset, actorId: f.steward.id, snapshotIds: [s1!] })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/^nothing to expire/) });
    await expect(f.app.db.execute(`UPDATE snapshot_expiries SET expired_at = now()`)).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringMatching(/append-only table/) }) });
  });

  it('keeps what the next load makes current, and a run’s input once production moves on', async () => {
    const [s4] = await snapshotIds();
    await setRunSchedule(f.app.db, { pipelineId: f.pipelineId(), actorId: f.steward.id, schedule: null, onNewSnapshot: true });
    await f.load();
    const [s5] = await snapshotIds();
    const plan = await snapshotExpiryPlan(f.app.db, dataset);
    // The new run reads s5 and is served; the first run is a rollback target, so its input stays too.
    expect(plan.keep.find((k) => k.snapshotId === s5)!.reasons).toEqual(expect.arrayContaining(['the current snapshot', expect.stringMatching(/production serves it$/)]));
    expect(plan.keep.at(-1)!.reasons).toEqual([expect.stringMatching(/a rollback can point production at its tables$/)]);
    expect(plan.expire).toEqual([s4]);
  });
});
