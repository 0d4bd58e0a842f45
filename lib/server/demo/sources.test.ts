import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import type { Warehouse } from '@/lib/warehouse/types';
import { runNextJob, type Handlers } from '@/lib/server/jobs/worker';
import { appSourceKey, listConnections } from '@/lib/server/sources/connections';
import { currentSnapshot, LOAD_JOB, loadJobHandler } from '@/lib/server/sources/loads';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { DEMO_DATASETS } from './catalog';
import { seedDemoWorkspace } from './seed';

// The demo catalog is backed by generated files: a files connection, one Parquet file per dataset,
// each bound and loaded once into a published snapshot whose contract matches (no drift).

describe.each(TEST_DATABASES)('demo sources on %s', (kind) => {
  let app: TestApp;
  let warehouse: Warehouse;
  beforeAll(async () => {
    process.env.ASSAY_DEMO_SOURCES = 'on';
    app = await openTestApp(kind);
    warehouse = await openDuckdbWarehouse({ path: ':memory:', threads: 2 });
  });
  afterAll(async () => {
    process.env.ASSAY_DEMO_SOURCES = 'off';
    await warehouse?.close();
    await app?.close();
  });

  it('binds every demo dataset to its generated file and loads it into a snapshot', async () => {
    await seedDemoWorkspace(app);
    const { items } = await listConnections(app.db, { after: null, limit: 10 });
    expect(items.map((c) => [c.name, c.kind, c.datasets])).toEqual([['Demo files', 'files', DEMO_DATASETS.length]]);
    const handlers: Handlers = { [LOAD_JOB]: loadJobHandler(app.db, async () => warehouse, appSourceKey(app)) as Handlers[string] };
    while (await runNextJob(app.db, handlers, 'test-worker'));
    const snapshots = Object.fromEntries(await Promise.all(DEMO_DATASETS.map(async (d) => [d.name, await currentSnapshot(app.db, d.name)] as const)));
    expect(snapshots.customers).toMatchObject({ status: 'published', rowCount: 10_000 });
    expect(snapshots.orders).toMatchObject({ status: 'published', rowCount: 100_000 });
    expect(snapshots.products).toMatchObject({ status: 'published', rowCount: 500 });
    expect(snapshots.order_items!.rowCount).toBeGreaterThan(100_000);
  });
});
