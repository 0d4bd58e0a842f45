import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { scratchMysql, scratchPostgres, type ScratchSource } from '@/lib/sources/testing';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { listNotifications } from '@/lib/server/notifications/notifications';
import { openAlert } from '@/lib/server/alerts/alerts';
import { metrics } from '@/lib/server/observability/metrics';
import type { Warehouse } from '@/lib/warehouse/types';
import { ScheduleRequest } from '@/lib/sources/schema';
import { auditEvents, connections, datasetSources, jobs } from '@/lib/server/db/schema';
import { runNextJob, type Handlers } from '@/lib/server/jobs/worker';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import { bindDataset, proposeBinding } from './bindings';
import { createConnection, deleteConnection, disableConnection, getConnectionOrThrow, listConnections, secretKeyOf, testConnection, testTarget } from './connections';
import { enqueueDueLoads, setSchedule } from './schedules';
import { currentSnapshot, deltaTableOf, latestLoadJob, listDriftEvents, listSnapshots, LOAD_JOB, loadJobHandler, MAX_DELTA_CHAIN, readSnapshotPage, requestLoad } from './loads';
import { expireSnapshots, setSnapshotRetention, snapshotExpiryPlan } from './retention';

const SOURCES = {
  postgres: {
    open: scratchPostgres,
    create: (t: string) => `CREATE TABLE ${t} (id integer PRIMARY KEY, name text NOT NULL, amount numeric(10,2), updated_at timestamptz NOT NULL)`,
    fill: (t: string, n: number) => `INSERT INTO ${t} SELECT g, 'c' || g, g * 0.5, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute' FROM generate_series(1, ${n}) g`,
    change: (t: string) => `UPDATE ${t} SET name = 'changed', updated_at = timestamptz '2026-02-01 00:00:00+00' WHERE id IN (1, 2);
      INSERT INTO ${t} VALUES (1001, 'new1', 1, timestamptz '2026-02-01 00:00:01+00'), (1002, 'new2', 2, timestamptz '2026-02-01 00:00:02+00')`,
    dropColumn: (t: string) => `ALTER TABLE ${t} DROP COLUMN amount`,
    retype: (t: string) => `ALTER TABLE ${t} ALTER COLUMN amount TYPE double precision`,
    nullableCursor: (t: string) => `CREATE TABLE ${t} (id integer PRIMARY KEY, updated_at timestamptz); INSERT INTO ${t} VALUES (1, now()), (2, NULL)`,
    unkeyed: (t: string) => `CREATE TABLE ${t} (id integer, updated_at timestamptz NOT NULL); INSERT INTO ${t} SELECT g, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute' FROM generate_series(1, 100) g`,
    duplicate: (t: string) => `INSERT INTO ${t} VALUES (100, timestamptz '2026-02-01 00:00:00+00'), (101, timestamptz '2026-02-01 00:00:00+00'), (101, timestamptz '2026-02-01 00:00:01+00')`,
  },
  mysql: {
    open: scratchMysql,
    create: (t: string) => `CREATE TABLE ${t} (id int PRIMARY KEY, name varchar(100) NOT NULL, amount decimal(10,2), updated_at datetime NOT NULL)`,
    fill: (t: string, n: number) => `INSERT INTO ${t} WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${n})
      SELECT n, CONCAT('c', n), n * 0.5, TIMESTAMP '2026-01-01 00:00:00' + INTERVAL n MINUTE FROM g`,
    change: (t: string) => `UPDATE ${t} SET name = 'changed', updated_at = '2026-02-01 00:00:00' WHERE id IN (1, 2);
      INSERT INTO ${t} VALUES (1001, 'new1', 1, '2026-02-01 00:00:01'), (1002, 'new2', 2, '2026-02-01 00:00:02')`,
    dropColumn: (t: string) => `ALTER TABLE ${t} DROP COLUMN amount`,
    retype: (t: string) => `ALTER TABLE ${t} MODIFY amount double`,
    nullableCursor: (t: string) => `CREATE TABLE ${t} (id int PRIMARY KEY, updated_at datetime NULL); INSERT INTO ${t} VALUES (1, NOW()), (2, NULL)`,
    unkeyed: (t: string) => `CREATE TABLE ${t} (id int, updated_at datetime NOT NULL); INSERT INTO ${t} WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 100)
      SELECT n, TIMESTAMP '2026-01-01 00:00:00' + INTERVAL n MINUTE FROM g`,
    duplicate: (t: string) => `INSERT INTO ${t} VALUES (100, '2026-02-01 00:00:00'), (101, '2026-02-01 00:00:00'), (101, '2026-02-01 00:00:01')`,
  },
} as const;

const APP_SECRET = 'test-secret-that-is-long-enough-for-better-auth';

describe.each(TEST_DATABASES)('sources and loads (metadata on %s)', (dbKind) => {
  let app: TestApp;
  let warehouse: Warehouse;
  let steward: string;
  let handlers: Handlers;
  const key = secretKeyOf(APP_SECRET);
  const scratches: ScratchSource[] = [];

  beforeAll(async () => {
    app = await openTestApp(dbKind);
    warehouse = await openDuckdbWarehouse({ path: ':memory:', threads: 2 });
    steward = (await createUser(app.auth, app.db, { email: 's@x.test', name: 'S', password: 'long-enough-pw', roles: ['steward'] })).id;
    handlers = { [LOAD_JOB]: loadJobHandler(app.db, async () => warehouse, key) as Handlers[string] };
  });
  afterAll(async () => {
    await warehouse?.close();
    await app?.close();
    for (const s of scratches) await s.drop();
  });

  const runJob = () => runNextJob(app.db, handlers, 'test-worker');

  describe.each(Object.entries(SOURCES))('from %s', (sourceKind, spec) => {
    let scratch: ScratchSource;
    let connectionId: string;
    const dataset = `customers_${sourceKind}`;

    beforeAll(async () => {
      scratch = await spec.open();
      scratches.push(scratch);
      await scratch.exec(spec.create('customers'));
      await scratch.exec(spec.fill('customers', 1000));
    });

    it('stores a connection whose secret is never shown, and tests it with the database’s message', async () => {
      const { target } = scratch;
      const view = await createConnection(app.db, key, { name: `src ${sourceKind}`, ...target, actorId: steward });
      connectionId = view.id;
      expect(await testConnection(app.db, key, connectionId)).toEqual({ ok: true });
      const refused = await testTarget({ ...target, port: 1 });
      expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/ECONNREFUSED/) });
      const [row] = await app.db.select({ secret: connections.secret }).from(connections).where(eq(connections.id, connectionId));
      expect(row!.secret).not.toContain(target.password);
      expect(JSON.stringify(await getConnectionOrThrow(app.db, connectionId))).not.toContain(target.password);
      expect(JSON.stringify(await listConnections(app.db, { after: null, limit: 100 }))).not.toContain(target.password);
    });

    it('proposes a contract from the source columns and binds it', async () => {
      const proposal = await proposeBinding(app.db, key, connectionId, { schema: '', name: 'customers' });
      expect(proposal.contract.columns.map((c) => [c.name, c.type, c.nullable])).toEqual([
        ['id', 'INTEGER', false],
        ['name', 'VARCHAR', false],
        ['amount', 'DECIMAL(10,2)', true],
        ['updated_at', sourceKind === 'postgres' ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP', false],
      ]);
      expect(proposal.primaryKeyGuess).toEqual(['id']);
      expect(proposal.cursorGuess).toBe('updated_at');
      await bindDataset(app.db, key, {
        connectionId,
        table: { schema: '', name: 'customers' },
        name: dataset,
        contract: proposal.contract,
        primaryKey: ['id'],
        cursorColumn: 'updated_at',
        lookback: 60,
        driftPolicy: 'block',
        actorId: steward,
      });
      await expect(
        bindDataset(app.db, key, { connectionId, table: { schema: '', name: 'nope' }, name: `${dataset}_x`, contract: proposal.contract, primaryKey: ['id'], cursorColumn: null, lookback: 0, driftPolicy: 'block', actorId: steward }),
      ).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/table nope does not exist/) });
    });

    it('loads in full into an immutable snapshot with a fingerprint; a second load while one is queued is refused', async () => {
      await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'manual', userId: steward });
      await expect(requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'api', userId: steward })).rejects.toMatchObject({ code: 'conflict' });
      expect(await runJob()).toBe(true);
      const snapshot = await currentSnapshot(app.db, dataset);
      expect(snapshot).toMatchObject({ status: 'published', mode: 'full', rowCount: 1000, rowsRead: 1000, trigger: 'manual', triggeredBy: steward, contractVersion: 1 });
      expect(snapshot!.fingerprint).toMatch(/^fp2:[0-9a-f]{64}$/);
      expect(snapshot!.watermarkTo).toMatch(/^2026-01-01 16:40:00/);
      const page = await readSnapshotPage(app.db, warehouse, snapshot!.id, { offset: 0, limit: 2 });
      expect(page.rows).toEqual([
        ['1', 'c1', '0.50', expect.stringMatching(/^2026-01-01 00:01:00/)],
        ['2', 'c2', '1.00', expect.stringMatching(/^2026-01-01 00:02:00/)],
      ]);
      await expect(app.db.execute(sql`UPDATE snapshots SET row_count = 0`)).rejects.toThrow();
    });

    it('merges an incremental load by primary key, reruns without duplicates, and keeps old snapshots readable', async () => {
      const first = (await currentSnapshot(app.db, dataset))!;
      await scratch.exec(spec.change('customers'));
      await requestLoad(app.db, { datasetId: dataset, mode: 'incremental', trigger: 'api', userId: null });
      await runJob();
      const second = (await currentSnapshot(app.db, dataset))!;
      // 4 changed rows, and 2 unchanged ones inside the 60 s lookback before the last watermark: a
      // delta over the first snapshot, its key checked in the delta alone.
      expect(second).toMatchObject({ mode: 'incremental', rowCount: 1002, rowsRead: 6, trigger: 'api', triggeredBy: null, deltaOf: first.id, chainDepth: 1, keyChecked: ['id'] });
      expect(await warehouse.exists(deltaTableOf(second.physicalTable))).toBe(true);
      await requestLoad(app.db, { datasetId: dataset, mode: 'incremental', trigger: 'api', userId: null });
      await runJob();
      const rerun = (await currentSnapshot(app.db, dataset))!;
      expect(rerun).toMatchObject({ rowCount: 1002, fingerprint: second.fingerprint, deltaOf: second.id, chainDepth: 2 });
      // The merged table is exactly what a full load of the changed source gives.
      await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'api', userId: null });
      await runJob();
      expect((await currentSnapshot(app.db, dataset))!).toMatchObject({ fingerprint: second.fingerprint, deltaOf: null, chainDepth: 0 });
      const old = await readSnapshotPage(app.db, warehouse, first.id, { offset: 0, limit: 1 });
      expect(old.rows[0]?.[1]).toBe('c1');
      const list = await listSnapshots(app.db, dataset, { after: null, limit: 2 });
      expect(list.items).toHaveLength(2);
      expect(list.nextKey).toEqual([String(list.items[1]!.id)]);
      const next = await listSnapshots(app.db, dataset, { after: list.nextKey, limit: 2 });
      expect(next.items.every((s) => s.id < list.items[1]!.id)).toBe(true);
    });

    it(`writes the merge out as a table once ${MAX_DELTA_CHAIN} deltas are chained; retention keeps a table a kept delta reads`, async () => {
      const incremental = async () => {
        await requestLoad(app.db, { datasetId: dataset, mode: 'incremental', trigger: 'api', userId: null });
        await runJob();
        return (await currentSnapshot(app.db, dataset))!;
      };
      const full = (await currentSnapshot(app.db, dataset))!;
      const chain = [];
      for (let i = 1; i <= MAX_DELTA_CHAIN; i++) chain.push(await incremental());
      expect(chain.map((s) => s.chainDepth)).toEqual(chain.map((_, i) => i + 1));
      const compacted = await incremental();
      expect(compacted).toMatchObject({ deltaOf: null, chainDepth: 0, fingerprint: full.fingerprint, keyChecked: ['id'] });
      expect(await warehouse.exists(deltaTableOf(compacted.physicalTable))).toBe(false);
      const top = await incremental();
      expect(top).toMatchObject({ deltaOf: compacted.id, chainDepth: 1, fingerprint: full.fingerprint });

      // Keeping one snapshot expires the table the current delta reads: its rows stay until that goes.
      await setSnapshotRetention(app.db, { datasetId: dataset, policy: { keepSnapshots: 1, keepDays: null }, actorId: steward });
      const expireAll = async () => expireSnapshots(app.db, warehouse, { datasetId: dataset, actorId: steward, snapshotIds: (await snapshotExpiryPlan(app.db, dataset)).expire });
      await expireAll();
      const raw = (name: string) => ({ layer: 'raw' as const, name });
      expect(await warehouse.exists(raw(compacted.physicalTable))).toBe(true);
      expect(await warehouse.exists(raw(chain[0]!.physicalTable))).toBe(false);
      expect(await warehouse.exists(deltaTableOf(chain[0]!.physicalTable))).toBe(false);
      expect(await warehouse.exists(raw(full.physicalTable))).toBe(false);
      await expect(readSnapshotPage(app.db, warehouse, compacted.id, { offset: 0, limit: 1 })).rejects.toMatchObject({ code: 'gone' });
      expect((await readSnapshotPage(app.db, warehouse, top.id, { offset: 1000, limit: 5 })).rows.map((r) => r[1])).toEqual(['new1', 'new2']);
      // A full load makes the delta old: expiring it now drops the table under it too.
      await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'api', userId: null });
      await runJob();
      await expireAll();
      for (const name of [top.physicalTable, compacted.physicalTable]) expect(await warehouse.exists(raw(name))).toBe(false);
      expect(await warehouse.exists(deltaTableOf(top.physicalTable))).toBe(false);
      await setSnapshotRetention(app.db, { datasetId: dataset, policy: { keepSnapshots: null, keepDays: null }, actorId: steward });
    });

    it('checks the key of a delta in the delta alone and quarantines duplicates there', async () => {
      const name = `unkeyed_${sourceKind}`;
      await scratch.exec(spec.unkeyed('unkeyed'));
      const proposal = await proposeBinding(app.db, key, connectionId, { schema: '', name: 'unkeyed' });
      await bindDataset(app.db, key, { connectionId, table: { schema: '', name: 'unkeyed' }, name, contract: proposal.contract, primaryKey: ['id'], cursorColumn: 'updated_at', lookback: 0, driftPolicy: 'block', actorId: steward });
      await requestLoad(app.db, { datasetId: name, mode: 'full', trigger: 'api', userId: steward });
      await runJob();
      const first = (await currentSnapshot(app.db, name))!;
      expect(first).toMatchObject({ rowCount: 100, keyChecked: ['id'] });
      await scratch.exec(spec.duplicate('unkeyed'));
      await requestLoad(app.db, { datasetId: name, mode: 'incremental', trigger: 'api', userId: steward });
      await runJob();
      expect((await currentSnapshot(app.db, name))!.id).toBe(first.id);
      const [blocked] = (await listSnapshots(app.db, name, { after: null, limit: 1 })).items;
      expect(blocked).toMatchObject({ status: 'quarantined', deltaOf: first.id, keyChecked: null });
      const [event] = (await listDriftEvents(app.db, name, { after: null, limit: 1 })).items;
      // The delta holds the last watermark's row 100 and the new rows 100, 101 and 101.
      expect(event!.changes).toEqual([{ kind: 'primary_key_violated', columns: ['id'], duplicateKeys: 2, nullKeys: 0 }]);
    });

    it('queues a scheduled load once when it is due, and refuses a pattern that is not cron', async () => {
      await setSchedule(app.db, { datasetId: dataset, schedule: '*/5 * * * *', actorId: steward });
      await app.db.update(datasetSources).set({ nextLoadAt: new Date(Date.now() - 1_000) }).where(eq(datasetSources.datasetId, dataset));
      expect(await enqueueDueLoads(app.db)).toEqual([dataset]);
      expect(await enqueueDueLoads(app.db)).toEqual([]);
      await runJob();
      expect(await currentSnapshot(app.db, dataset)).toMatchObject({ trigger: 'schedule', mode: 'incremental', triggeredBy: null });
      expect(ScheduleRequest.safeParse({ schedule: 'at noon' }).success).toBe(false);
      await setSchedule(app.db, { datasetId: dataset, schedule: null, actorId: steward });
    });

    it('quarantines a load whose source dropped or retyped a column; the previous snapshot stays current', async () => {
      const before = (await currentSnapshot(app.db, dataset))!;
      await scratch.exec(spec.retype('customers'));
      await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'api', userId: steward });
      await runJob();
      await scratch.exec(spec.dropColumn('customers'));
      await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'api', userId: steward });
      await runJob();
      expect((await currentSnapshot(app.db, dataset))!.id).toBe(before.id);
      const events = await listDriftEvents(app.db, dataset, { after: null, limit: 10 });
      expect(events.items.map((e) => [e.outcome, e.changes.map((c) => c.kind)])).toEqual([
        ['blocked', ['dropped']],
        ['blocked', ['retyped']],
      ]);
      const snapshotsNow = await listSnapshots(app.db, dataset, { after: null, limit: 1 });
      expect(snapshotsNow.items[0]).toMatchObject({ status: 'quarantined' });      // The owner is told of each blocked load, with what drifted.
      const told = (await listNotifications(app.db, steward, { unreadOnly: false }, { after: null, limit: 100 })).items.filter((n) => n.kind === 'source.drift_blocked' && n.objectId === dataset);
      expect(told.map((n) => n.title)).toEqual([`${dataset}: load blocked by schema drift`, `${dataset}: load blocked by schema drift`]);
      expect(told[0]!.body).toMatch(/amount.*previous snapshot stays current/s);
      // Prometheus counts both drift events and both quarantined loads, by dataset.
      metrics().bindDb(app.db);
      const families = parsePrometheusTextFormat(await metrics().registry.metrics());
      const samples = (name: string) => families.find((f) => f.name === name)?.metrics.filter((m) => m.labels?.dataset === dataset);
      expect(samples('assay_drift_events_total')).toEqual([{ labels: { dataset, outcome: 'blocked' }, value: '2' }]);
      expect(samples('assay_loads_total')).toEqual(expect.arrayContaining([{ labels: { dataset, status: 'quarantined' }, value: '2' }]));
    });

    it('a load killed halfway left no snapshot; its retry drops what the dead attempt wrote and publishes', async () => {
      const before = (await currentSnapshot(app.db, dataset))!;
      await scratch.exec(`ALTER TABLE customers ${sourceKind === 'postgres' ? 'ADD COLUMN amount numeric(10,2)' : 'ADD COLUMN amount decimal(10,2)'}`);
      const job = await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'api', userId: steward });
      // The first attempt's process died after writing its table, before any commit.
      const leftover = { layer: 'raw' as const, name: `${dataset}__${job.id}_1` };
      await warehouse.createTableAs(leftover, 'SELECT 1 AS half_written');
      expect((await currentSnapshot(app.db, dataset))!.id).toBe(before.id);
      const outcome = await handlers[LOAD_JOB]!.run({ ...job, attempts: 2 });
      expect(await warehouse.exists(leftover)).toBe(false);
      expect(outcome).toMatchObject({ status: 'published', physicalTable: `${dataset}__${job.id}_2` });
      await app.db.update(jobs).set({ status: 'failed' }).where(eq(jobs.id, job.id));
      await scratch.exec('ALTER TABLE customers DROP COLUMN amount');
    });

    it('fails a load of a dropped table with a message naming it, the previous snapshot stays current, and the owner is alerted', async () => {
      const before = (await currentSnapshot(app.db, dataset))!;
      await scratch.exec('DROP TABLE customers');
      const job = await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'api', userId: steward });
      await expect(handlers[LOAD_JOB]!.run(job)).rejects.toThrow(/source table customers does not exist on src/);
      // Both attempts through the worker: the second gives up, and only that fires load_failed.
      expect(await runJob()).toBe(true);
      expect(await openAlert(app.db, { rule: 'load_failed', objectType: 'dataset', objectId: dataset })).toBeNull();
      await app.db.update(jobs).set({ runAfter: new Date(Date.now() - 1_000) }).where(eq(jobs.id, job.id));
      expect(await runJob()).toBe(true);
      expect((await latestLoadJob(app.db, dataset))!).toMatchObject({ id: job.id, status: 'failed' });
      expect((await currentSnapshot(app.db, dataset))!.id).toBe(before.id);
      expect(await openAlert(app.db, { rule: 'load_failed', objectType: 'dataset', objectId: dataset })).toMatchObject({
        title: `${dataset}: load failed`,
        detail: expect.stringMatching(/source table customers does not exist on src .*; the previous snapshot stays current$/),
        href: `/catalog/${dataset}`,
      });
      const told = (await listNotifications(app.db, steward, { unreadOnly: false }, { after: null, limit: 100 })).items.filter((n) => n.kind === 'alert.fired' && n.objectId === dataset);
      expect(told.map((n) => n.title)).toContain(`${dataset}: load failed`);
      // The table is back: the next load that finishes resolves the alert.
      await scratch.exec(spec.create('customers'));
      await scratch.exec(spec.fill('customers', 10));
      await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'api', userId: steward });
      await runJob();
      expect(await openAlert(app.db, { rule: 'load_failed', objectType: 'dataset', objectId: dataset })).toBeNull();
      await scratch.exec('DROP TABLE customers');
    });

    it('refuses a cursor column with NULLs, naming the column', async () => {
      await scratch.exec(spec.nullableCursor('events'));
      const proposal = await proposeBinding(app.db, key, connectionId, { schema: '', name: 'events' });
      await bindDataset(app.db, key, { connectionId, table: { schema: '', name: 'events' }, name: `events_${sourceKind}`, contract: proposal.contract, primaryKey: ['id'], cursorColumn: 'updated_at', lookback: 0, driftPolicy: 'block', actorId: steward });
      const job = await requestLoad(app.db, { datasetId: `events_${sourceKind}`, mode: 'full', trigger: 'api', userId: steward });
      await expect(handlers[LOAD_JOB]!.run(job)).rejects.toThrow(/cursor column updated_at has 1 NULL values/);
      expect(await currentSnapshot(app.db, `events_${sourceKind}`)).toBeNull();
      await app.db.update(jobs).set({ status: 'failed' }).where(eq(jobs.id, job.id));
    });

    it('fails a load with a wrong password with the server’s message, never the password', async () => {
      if (sourceKind !== 'mysql') return;
      const wrong = await createConnection(app.db, key, { name: 'wrong pw', ...scratch.target, password: 'definitely-wrong-pw-9', actorId: steward });
      expect(await testConnection(app.db, key, wrong.id)).toEqual({ ok: false, message: expect.stringMatching(/Access denied/) });
      expect(JSON.stringify(await testConnection(app.db, key, wrong.id))).not.toContain('definitely-wrong-pw-9');
    });

    it('refuses to delete a connection datasets use; disabling stops loads', async () => {
      await expect(deleteConnection(app.db, { id: connectionId, actorId: steward })).rejects.toMatchObject({ code: 'conflict' });
      await disableConnection(app.db, { id: connectionId, actorId: steward });
      expect(await testConnection(app.db, key, connectionId).catch((e: { code: string }) => e.code)).toBe('conflict');
    });

    it('never writes a password into the audit log or a job', async () => {
      const audit = JSON.stringify(await app.db.select().from(auditEvents));
      const jobRows = JSON.stringify(await app.db.select().from(jobs));
      expect(audit).toContain('source.connection_created');
      expect(audit).not.toContain(scratch.target.password);
      expect(jobRows).not.toContain(scratch.target.password);
    });
  });
});
