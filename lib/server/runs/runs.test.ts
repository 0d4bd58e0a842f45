import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '@/lib/notebook/schema';
import type { ScratchSource } from '@/lib/sources/testing';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import type { Warehouse } from '@/lib/warehouse/types';
import { rowsOf } from '@/lib/server/db/rows';
import { lineageEvents, pipelinePublishes, pipelineRuns, pipelines } from '@/lib/server/db/schema';
import { listNotifications } from '@/lib/server/notifications/notifications';
import { getPipelineOrThrow, rollback } from '@/lib/server/promotion/pipelines';
import { TEST_DATABASES } from '@/lib/server/testing/databases';
import { openProductionFixture, type ProductionFixture } from '@/lib/server/testing/production';
import type { SessionUser } from '@/lib/server/users/users';
import { reconcileViews } from './publish';
import { getRunOrThrow, listRuns, readProductionPage, servedProduction } from './read';
import { requestRun } from './requests';
import { enqueueDueRuns, RunScheduleBody, setRunSchedule } from './schedules';
import { expireRuns, expiryPlan, setRunRetention } from './retention';
import { listVerifications, requestVerification } from './verify';

// Production runs end to end on the services: a real PostgreSQL source loaded into the warehouse,
// a version promoted through the gates, runs that publish (write-audit-publish), idempotent triggers,
// a blocking check that keeps production on the previous publish, rollback that moves the data.

const BY_STATUS = 'select status, count(*) as orders, sum(amount) as amount from orders group by status';

describe.each(TEST_DATABASES)('production runs (metadata on %s)', (dbKind) => {
  let f: ProductionFixture;
  let app: ProductionFixture['app'];
  let warehouse: Warehouse;
  let source: ScratchSource;
  let reviewer: SessionUser;
  let steward: SessionUser;
  let pipelineId: string;
  const published = mkdtempSync(join(tmpdir(), 'assay-published-'));

  const drain = () => f.drain();
  const load = () => f.load();
  const promote = async (...args: Parameters<ProductionFixture['promote']>) => {
    const id = await f.promote(...args);
    pipelineId = f.pipelineId();
    return id;
  };
  const prodRows = async () => (await warehouse.query('SELECT status, orders, amount FROM prod.orders_by_status ORDER BY status')).rows;
  const latestRun = async () => (await listRuns(app.db, pipelineId, { after: null, limit: 1 })).items[0]!;

  beforeAll(async () => {
    f = await openProductionFixture(dbKind, { warehouse: () => openDuckdbWarehouse({ path: ':memory:', threads: 2 }), publishedRoot: published });
    ({ app, warehouse, source, reviewer, steward } = f);
  });
  afterAll(async () => {
    await f?.close();
    rmSync(published, { recursive: true, force: true });
  });

  it('refuses a run while an input has no snapshot, naming it; the promotion stands without one', async () => {
    await promote([{ id: 'c1', kind: 'sql', name: 'orders_by_status', source: BY_STATUS }], ['orders_by_status'], { orders_by_status: ['status', 'orders', 'amount'] });
    expect((await getPipelineOrThrow(app.db, pipelineId)).currentVersion).toBe(1);
    expect((await listRuns(app.db, pipelineId, { after: null, limit: 10 })).items).toEqual([]);
    await expect(requestRun(app.db, { pipelineId, trigger: 'api', userId: steward.id })).rejects.toMatchObject({ code: 'conflict', message: 'input dataset orders has no snapshot yet: load it from its catalog page first' });
  });

  it('runs on the first snapshot, publishes the outputs as prod views and Parquet, and says "up to date" after', async () => {
    await load();
    const run = await latestRun();
    expect(run).toMatchObject({ version: 1, status: 'published', trigger: 'snapshot', rowsIn: 300, rowsOut: 3, checksFailed: 0 });
    expect(await prodRows()).toEqual([
      ['new', '100', '18937.50'],
      ['paid', '100', '18687.50'],
      ['shipped', '100', '18812.50'],
    ]);
    const production = (await servedProduction(app.db, pipelineId))!;
    expect(production).toMatchObject({ version: 1, runId: run.id, kind: 'run', models: [{ name: 'orders_by_status', rows: 3 }] });
    expect(production.models[0]!.fingerprint).toMatch(/^fp2:/);
    const manifest = JSON.parse(readFileSync(join(published, production.parquetDir!, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ version: 1, run: run.id, models: [{ model: 'orders_by_status', rows: 3, fingerprint: production.models[0]!.fingerprint }] });
    const parquet = join(published, production.parquetDir!, 'orders_by_status.parquet');
    expect(existsSync(parquet)).toBe(true);
    expect((await warehouse.query(`SELECT count(*) FROM read_parquet('${parquet}')`)).rows).toEqual([['3']]);
    const page = await readProductionPage(app.db, warehouse, pipelineId, 'orders_by_status', { offset: 1, limit: 1 });
    expect(page).toMatchObject({ total: 3, rows: [['paid', '100', '18687.50']] });
    await expect(readProductionPage(app.db, warehouse, pipelineId, 'nope', { offset: 0, limit: 1 })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/publishes no model nope; it publishes orders_by_status/) });

    const again = await requestRun(app.db, { pipelineId, trigger: 'manual', userId: steward.id });
    expect(again).toMatchObject({ kind: 'up_to_date', run: { id: run.id } });
  });

  it('makes one run of two triggers at once, and runs again on a new snapshot with new numbers', async () => {
    await setRunSchedule(app.db, { pipelineId, actorId: steward.id, schedule: null, onNewSnapshot: false });
    await source.exec(`UPDATE orders SET amount = amount + 1 WHERE status = 'new'`);
    await load();
    expect((await latestRun()).trigger).toBe('snapshot');
    const [a, b] = await Promise.all([
      requestRun(app.db, { pipelineId, trigger: 'api', userId: steward.id }),
      requestRun(app.db, { pipelineId, trigger: 'manual', userId: steward.id }),
    ]);
    expect([a.kind, b.kind].sort()).toEqual(['joined', 'queued']);
    expect(a.run.id).toBe(b.run.id);
    // The database refuses a second active run even past the service.
    const [active] = await app.db.select().from(pipelineRuns).where(eq(pipelineRuns.id, a.run.id));
    const { id: _id, ...copy } = active!;
    await expect(app.db.insert(pipelineRuns).values(copy)).rejects.toThrow();
    await drain();
    expect(await getRunOrThrow(app.db, pipelineId, a.run.id)).toMatchObject({ status: 'published', trigger: expect.stringMatching(/^(api|manual)$/) });
    expect((await prodRows())[0]).toEqual(['new', '100', '19037.50']);
  });

  it('keeps production on the previous publish when a blocking check fails on real data, and tells the owner', async () => {
    const before = await prodRows();
    // 40 sandbox orders, 300 in production: the check passes in the notebook and fails in production.
    const cells: Cell[] = [
      { id: 'c1', kind: 'sql', name: 'orders_by_status', source: BY_STATUS },
      { id: 'c2', kind: 'sql', name: 'order_count', source: 'select count(*) as n from orders' },
      { id: 'k1', kind: 'check', model: 'order_count', checks: [{ id: 'small', kind: 'expression', predicate: 'n <= 40' }] },
      { id: 'k2', kind: 'check', model: 'order_count', checks: [{ id: 'few', kind: 'expression', predicate: 'n < 100', severity: 'warn' }] },
    ];
    await setRunSchedule(app.db, { pipelineId, actorId: steward.id, schedule: null, onNewSnapshot: true });
    await promote(cells, ['orders_by_status'], { orders_by_status: ['status', 'orders', 'amount'] });
    await drain();
    const run = await getRunOrThrow(app.db, pipelineId, (await latestRun()).id);
    expect(run).toMatchObject({ version: 2, status: 'checks_failed', trigger: 'promotion' });
    expect(run.checks!.map(({ checkId, status, severity, blocking, failing }) => ({ checkId, status, severity, blocking, failing }))).toEqual([
      { checkId: 'small', status: 'fail', severity: 'error', blocking: true, failing: 1 },
      { checkId: 'few', status: 'fail', severity: 'warn', blocking: false, failing: 1 },
    ]);
    expect(run.checks![0]!.sample.rows).toEqual([['300']]);
    expect(await prodRows()).toEqual(before);
    expect((await servedProduction(app.db, pipelineId))!.version).toBe(1);
    const [pipeline] = await app.db.select().from(pipelines).where(eq(pipelines.id, pipelineId));
    const titles = (await listNotifications(app.db, pipeline!.ownerId, { unreadOnly: false }, { after: null, limit: 50 })).items.map((n) => n.title);
    expect(titles).toContainEqual(expect.stringMatching(/run \d+ of version 2 failed its checks; production still serves the previous publish$/));
  });

  it('rolls back with the data in one transaction, and queues a run for a version that never published', async () => {
    const back = await rollback(app.db, warehouse, { pipelineId, user: reviewer, toVersion: 1, expectedVersion: 2 });
    expect(back).toMatchObject({ to: 1, data: { kind: 'published' } });
    expect((await servedProduction(app.db, pipelineId))).toMatchObject({ version: 1, kind: 'rollback' });
    const forward = await rollback(app.db, warehouse, { pipelineId, user: reviewer, toVersion: 2, expectedVersion: 1 });
    expect(forward).toMatchObject({ to: 2, data: { kind: 'run', outcome: { kind: 'queued' } }, message: expect.stringMatching(/^version 2 never ran: run \d+ of version 2 is queued/) });
    await drain();
    expect((await latestRun()).status).toBe('checks_failed');
    expect((await servedProduction(app.db, pipelineId))!.version).toBe(1);

    // A third version that passes publishes; rolling between 1 and 3 moves the data each way.
    await promote([{ id: 'c1', kind: 'sql', name: 'orders_by_status', source: `${BY_STATUS} having count(*) > 0` }, { id: 'c3', kind: 'sql', name: 'statuses', source: 'select distinct status from orders' }], ['orders_by_status', 'statuses'], {
      orders_by_status: ['status', 'orders', 'amount'],
      statuses: ['status'],
    });
    await drain();
    expect(await latestRun()).toMatchObject({ version: 3, status: 'published' });
    const three = (await servedProduction(app.db, pipelineId))!;
    expect(three.models.map((m) => m.name)).toEqual(['orders_by_status', 'statuses']);
    await rollback(app.db, warehouse, { pipelineId, user: reviewer, toVersion: 1, expectedVersion: 3 });
    expect((await warehouse.query("SELECT count(*) FROM duckdb_views() WHERE schema_name = 'prod' AND view_name = 'statuses'")).rows).toEqual([['0']]);
    await rollback(app.db, warehouse, { pipelineId, user: reviewer, toVersion: 3, expectedVersion: 1 });
    expect((await servedProduction(app.db, pipelineId))).toMatchObject({ version: 3, runId: three.runId });
    expect((await warehouse.query('SELECT count(*) FROM prod.statuses')).rows).toEqual([['3']]);
  });

  it('fails a run whose model breaks on real data, without retrying it, and keeps the publish', async () => {
    const before = await servedProduction(app.db, pipelineId);
    // No status has more than 40 orders in the sandbox, each has 100 in production: the cast fails only there.
    await promote(
      [
        { id: 'c1', kind: 'sql', name: 'orders_by_status', source: "select status, count(*) as orders, sum(amount) as amount, cast(case when count(*) > 40 then 'many' else '1' end as integer) as flag from orders group by status" },
        { id: 'c3', kind: 'sql', name: 'statuses', source: 'select distinct status from orders' },
      ],
      ['orders_by_status', 'statuses'],
      { orders_by_status: ['status', 'orders', 'amount', 'flag'], statuses: ['status'] },
    );
    await drain();
    const run = await getRunOrThrow(app.db, pipelineId, (await latestRun()).id);
    expect(run).toMatchObject({ version: 4, status: 'failed', error: expect.stringMatching(/^cell c1 \(model orders_by_status\): Conversion Error: Could not convert string 'many' to INT32/) });
    expect((await servedProduction(app.db, pipelineId))!.publishId).toBe(before!.publishId);
    expect(rowsOf(await app.db.execute(sql`SELECT attempts FROM jobs WHERE id = ${run.jobId}`))).toEqual([{ attempts: 1 }]);
    await rollback(app.db, warehouse, { pipelineId, user: reviewer, toVersion: 3, expectedVersion: 4 });
  });

  it('reproduces a published run bit for bit from its recorded snapshots', async () => {
    const production = (await servedProduction(app.db, pipelineId))!;
    await requestVerification(app.db, { runId: production.runId, userId: reviewer.id });
    await drain();
    const [verification] = await listVerifications(app.db, production.runId);
    expect(verification).toMatchObject({ status: 'match', error: null });
    expect(verification!.models.every((m) => m.match)).toBe(true);
    expect((await warehouse.query("SELECT count(*) FROM duckdb_schemas() WHERE schema_name LIKE '%verify%'")).rows).toEqual([['0']]);
    const failed = (await listRuns(app.db, pipelineId, { after: null, limit: 20 })).items.find((r) => r.status === 'failed')!;
    await expect(requestVerification(app.db, { runId: failed.id, userId: reviewer.id })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('rebuilds the prod views from the publish rows after a crash left them apart', async () => {
    const served = await prodRows();
    // A kill between the warehouse views and the publish row: the views point at another run's tables.
    const other = (await listRuns(app.db, pipelineId, { after: null, limit: 50 })).items.findLast((r) => r.status === 'published')!;
    await warehouse.publishViews([{ view: 'orders_by_status', table: { layer: `run_${other.id}_v1`, name: 'orders_by_status' } }, { view: 'leftover', table: { layer: `run_${other.id}_v1`, name: 'orders_by_status' } }]);
    expect(await prodRows().catch(() => null)).not.toEqual(served);
    await reconcileViews(app.db, warehouse);
    expect(await prodRows()).toEqual(served);
    expect((await warehouse.query("SELECT count(*) FROM duckdb_views() WHERE schema_name = 'prod' AND view_name = 'leftover'")).rows).toEqual([['0']]);
  });

  it('runs on its cron schedule only when due, and refuses a pattern that is not cron', async () => {
    expect(RunScheduleBody.safeParse({ schedule: 'every day', onNewSnapshot: true }).error?.issues[0]?.message).toMatch(/^not a cron pattern/);
    await setRunSchedule(app.db, { pipelineId, actorId: steward.id, schedule: '0 3 * * *', onNewSnapshot: true });
    expect(await enqueueDueRuns(app.db, new Date())).toEqual([]);
    await source.exec(`UPDATE orders SET amount = amount + 1 WHERE id = 1`);
    await setRunSchedule(app.db, { pipelineId, actorId: steward.id, schedule: '0 3 * * *', onNewSnapshot: false });
    await load();
    expect(await enqueueDueRuns(app.db, new Date(Date.now() + 2 * 86_400_000))).toEqual([pipelineId]);
    await drain();
    expect(await latestRun()).toMatchObject({ trigger: 'schedule', status: 'published', version: 3 });
  });

  it('expires run tables only by a steward’s hand under a policy, names the versions that lose their data, and a rollback to one runs it again', async () => {
    await expect(expireRuns(app.db, warehouse, { pipelineId, actorId: steward.id, confirmVersions: [], publishedRoot: published })).rejects.toThrow('this pipeline has no retention policy');
    expect(await expiryPlan(app.db, pipelineId)).toEqual({ keep: null, expire: [], versionsLosingData: [] });
    await setRunRetention(app.db, { pipelineId, keep: 1, actorId: steward.id });
    const served = (await servedProduction(app.db, pipelineId))!;
    expect(served.version).toBe(3);
    const plan = await expiryPlan(app.db, pipelineId);
    expect(plan.expire.length).toBeGreaterThan(0);
    expect(plan.expire.map((r) => r.runId)).not.toContain(served.runId);
    expect(plan.versionsLosingData).toEqual([1]);
    await expect(expireRuns(app.db, warehouse, { pipelineId, actorId: steward.id, confirmVersions: [], publishedRoot: published })).rejects.toThrow(
      'expiring would leave version 1 with no tables to roll back to (a rollback would run it again): confirm it',
    );
    const schemaOf = async (runId: number) => (await app.db.select({ schema: pipelineRuns.schemaName }).from(pipelineRuns).where(eq(pipelineRuns.id, runId)))[0]!.schema;
    const expiredSchemas = await Promise.all(plan.expire.map((r) => schemaOf(r.runId)));
    const copiesOf = async (runIds: number[]) =>
      (await app.db.select({ dir: pipelinePublishes.parquetDir }).from(pipelinePublishes).where(inArray(pipelinePublishes.runId, runIds))).flatMap((p) => (p.dir ? [join(published, p.dir)] : []));
    const expiredCopies = await copiesOf(plan.expire.map((r) => r.runId));
    const servedCopies = await copiesOf([served.runId]);
    expect(expiredCopies.length).toBeGreaterThan(0);
    for (const dir of [...expiredCopies, ...servedCopies]) expect(existsSync(join(dir, 'manifest.json')), dir).toBe(true);
    await expireRuns(app.db, warehouse, { pipelineId, actorId: steward.id, confirmVersions: [1], publishedRoot: published });
    // The expired runs' Parquet copies go with their tables; the served run keeps its own.
    for (const dir of expiredCopies) expect(existsSync(dir), dir).toBe(false);
    for (const dir of servedCopies) expect(existsSync(join(dir, 'manifest.json')), dir).toBe(true);
    const schemas = new Set((await warehouse.query('SELECT schema_name FROM duckdb_schemas()')).rows.map(([s]) => String(s)));
    for (const schema of expiredSchemas) expect(schemas.has(schema), schema).toBe(false);
    expect(schemas.has(await schemaOf(served.runId))).toBe(true);
    expect((await warehouse.query('SELECT count(*) FROM prod.statuses')).rows).toEqual([['3']]);
    expect(await expiryPlan(app.db, pipelineId)).toMatchObject({ expire: [], versionsLosingData: [] });

    const back = await rollback(app.db, warehouse, { pipelineId, user: reviewer, toVersion: 1, expectedVersion: 3 });
    expect(back.data).toMatchObject({ kind: 'run', outcome: { kind: 'queued' } });
    expect(back.message).toMatch(/^the tables of version 1 were expired by retention: run \d+ of version 1 is queued/);
    expect((await servedProduction(app.db, pipelineId))!.version).toBe(3);
    await drain();
    expect(await servedProduction(app.db, pipelineId)).toMatchObject({ version: 1 });
    expect((await prodRows()).length).toBeGreaterThan(0);
  });

  it('emits no OpenLineage events when neither ASSAY_OPENLINEAGE_URL nor ASSAY_OPENLINEAGE_FILE is set', async () => {
    expect(app.config.openLineage).toBeUndefined();
    expect((await listRuns(app.db, pipelineId, { after: null, limit: 1 })).items).toHaveLength(1);
    expect(await app.db.select().from(lineageEvents)).toEqual([]);
  });
});
