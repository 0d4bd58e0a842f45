import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import type { Warehouse } from '@/lib/warehouse/types';
import { runNextJob, type Handlers } from '@/lib/server/jobs/worker';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import { bindDataset, proposeBinding } from './bindings';
import { createConnection, listSourceTables, secretKeyOf } from './connections';
import { filesDir, storeUpload } from './files';
import { currentSnapshot, listSnapshots, LOAD_JOB, loadJobHandler, readSnapshotPage, requestLoad } from './loads';

// Files as a source: CSV and Parquet uploads stream to the data directory, are refused when empty,
// too big or unreadable (nothing kept), and load through the same job, drift checks and snapshots.

const body = (bytes: string | Buffer) => new Response(typeof bytes === 'string' ? bytes : new Uint8Array(bytes)).body as WebReadableStream<Uint8Array>;
const CSV = 'id,name,amount\n1,ann,1.50\n2,bob,2.25\n3,cy,\n';

describe.each(TEST_DATABASES)('file sources (metadata on %s)', (dbKind) => {
  let app: TestApp;
  let warehouse: Warehouse;
  let steward: string;
  let connectionId: string;
  let handlers: Handlers;
  const key = secretKeyOf('test-secret-that-is-long-enough-for-better-auth');

  beforeAll(async () => {
    app = await openTestApp(dbKind);
    warehouse = await openDuckdbWarehouse({ path: ':memory:', threads: 1 });
    handlers = { [LOAD_JOB]: loadJobHandler(app.db, async () => warehouse, key) as Handlers[string] };
    steward = (await createUser(app.auth, app.db, { email: 's@x.test', name: 'S', password: 'long-enough-pw', roles: ['steward'] })).id;
    connectionId = (await createConnection(app.db, key, { name: `uploads ${dbKind}`, kind: 'files', actorId: steward })).id;
  });
  afterAll(async () => {
    await warehouse?.close();
    await app?.close();
  });

  const upload = (table: string, bytes: string | Buffer) => storeUpload(app.db, { connectionId, table, body: body(bytes), actorId: steward });
  const leftovers = () => (existsSync(filesDir(connectionId)) ? readdirSync(filesDir(connectionId)).filter((f) => f.startsWith('.')) : []);

  it.each([
    ['an empty file', 'people', '', 'invalid_body', /^the upload is empty \(0 bytes\)$/],
    ['bytes that are neither CSV nor Parquet', 'people', Buffer.from([0, 159, 146, 150, 0, 1, 2, 3]), 'invalid_body', /^the upload is not a CSV or Parquet file DuckDB can read/],
    ['a table name that is not lower_snake_case', 'People!', CSV, 'bad_request', /^table: a lower_snake_case name/],
  ])('refuses %s with a clear error and keeps nothing', async (_, table, bytes, code, message) => {
    await expect(upload(table, bytes)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await listSourceTables(app.db, key, connectionId)).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it('refuses an upload over the size limit while it streams', async () => {
    process.env.ASSAY_UPLOAD_MAX_BYTES = '16';
    try {
      await expect(upload('people', CSV)).rejects.toMatchObject({ code: 'payload_too_large' });
    } finally {
      delete process.env.ASSAY_UPLOAD_MAX_BYTES;
    }
    expect(leftovers()).toEqual([]);
  });

  it('turns a CSV into a table, binds and loads it into a snapshot; a new upload loads as a new snapshot', async () => {
    const stored = await upload('people', CSV);
    expect(stored).toMatchObject({ table: 'people', format: 'csv', bytes: CSV.length });
    expect(stored.columns.map((c) => [c.name, c.duckdbType])).toEqual([
      ['id', 'BIGINT'],
      ['name', 'VARCHAR'],
      ['amount', 'DOUBLE'],
    ]);
    expect(await listSourceTables(app.db, key, connectionId)).toEqual([{ schema: '', name: 'people' }]);
    const proposal = await proposeBinding(app.db, key, connectionId, { schema: '', name: 'people' });
    const dataset = `people_${dbKind}`;
    await bindDataset(app.db, key, { connectionId, table: { schema: '', name: 'people' }, name: dataset, contract: proposal.contract, primaryKey: ['id'], cursorColumn: null, lookback: 0, driftPolicy: 'block', actorId: steward });
    await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'manual', userId: steward });
    await runNextJob(app.db, handlers, 'test-worker');
    const first = (await currentSnapshot(app.db, dataset))!;
    expect(first).toMatchObject({ status: 'published', rowCount: 3 });
    expect((await readSnapshotPage(app.db, warehouse, first.id, { offset: 0, limit: 5 })).rows).toEqual([
      ['1', 'ann', '1.5'],
      ['2', 'bob', '2.25'],
      ['3', 'cy', null],
    ]);

    await upload('people', `${CSV}4,dee,4.0\n`);
    await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'manual', userId: steward });
    await runNextJob(app.db, handlers, 'test-worker');
    const second = (await currentSnapshot(app.db, dataset))!;
    expect(second.id).toBeGreaterThan(first.id);
    expect(second.rowCount).toBe(4);
    expect((await readSnapshotPage(app.db, warehouse, first.id, { offset: 0, limit: 5 })).rows).toHaveLength(3);
  });

  it('reads a Parquet upload, and replaces a table’s CSV with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assay-parquet-'));
    const file = join(dir, 'p.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT range AS id, 'n' || range AS name, range * 0.5 AS amount FROM range(10)) TO '${file}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const stored = await upload('people', readFileSync(file));
    expect(stored).toMatchObject({ format: 'parquet' });
    expect(readdirSync(filesDir(connectionId)).sort()).toEqual(['people.parquet']);
    const dataset = `people_${dbKind}`;
    await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'manual', userId: steward });
    await runNextJob(app.db, handlers, 'test-worker');
    // The Parquet file's amount is DECIMAL, the contract's DOUBLE: the load is quarantined as drift,
    // and the CSV's snapshot stays current.
    const [latest] = (await listSnapshots(app.db, dataset, { after: null, limit: 1 })).items;
    expect(latest).toMatchObject({ status: 'quarantined', rowCount: 10 });
    expect((await currentSnapshot(app.db, dataset))!.rowCount).toBe(4);
  });
});
