import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import type { Warehouse } from '@/lib/warehouse/types';
import { getDatasetOrThrow } from '@/lib/server/catalog/datasets';
import { auditEvents } from '@/lib/server/db/schema';
import { runNextJob, type Handlers } from '@/lib/server/jobs/worker';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import { bindDataset, proposeBinding } from './bindings';
import { createConnection, secretKeyOf } from './connections';
import { applyAdditiveDrift } from './drift-apply';
import { storeUpload } from './files';
import { currentSnapshot, listDriftEvents, LOAD_JOB, loadJobHandler, readSnapshotPage, requestLoad } from './loads';

// Applying an additive drift: a file-backed dataset under the `additive` policy gets a CSV with a new
// column; the load is published with the column left out, and the steward's "apply" makes the
// column part of the contract's next version — after which the next load reads it with no drift.
// A blocked event, a stale version, unmasked PII and a second apply are refused and change nothing.

const body = (text: string) => new Response(text).body as WebReadableStream<Uint8Array>;

describe.each(TEST_DATABASES)('applying additive drift (metadata on %s)', (dbKind) => {
  let app: TestApp;
  let warehouse: Warehouse;
  let steward: string;
  let connectionId: string;
  let handlers: Handlers;
  const key = secretKeyOf('test-secret-that-is-long-enough-for-better-auth');
  const additive = `people_add_${dbKind}`;
  const blocking = `people_block_${dbKind}`;

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

  const upload = (text: string) => storeUpload(app.db, { connectionId, table: 'people', body: body(text), actorId: steward });
  const load = async (datasetId: string) => {
    await requestLoad(app.db, { datasetId, mode: 'full', trigger: 'manual', userId: steward });
    await runNextJob(app.db, handlers, 'test-worker');
  };
  const latestEvent = async (datasetId: string) => (await listDriftEvents(app.db, datasetId, { after: null, limit: 1 })).items[0];

  it('publishes an additive load without the new column and records it as accepted drift; a blocking dataset quarantines it', async () => {
    await upload('id,name\n1,ann\n2,bob\n');
    const proposal = await proposeBinding(app.db, key, connectionId, { schema: '', name: 'people' });
    for (const [name, driftPolicy] of [[additive, 'additive'], [blocking, 'block']] as const) {
      await bindDataset(app.db, key, { connectionId, table: { schema: '', name: 'people' }, name, contract: proposal.contract, primaryKey: ['id'], cursorColumn: null, lookback: 0, driftPolicy, actorId: steward });
      await load(name);
    }
    await upload('id,name,email\n1,ann,ann@x.test\n2,bob,bob@x.test\n');
    await load(additive);
    await load(blocking);
    const snapshot = (await currentSnapshot(app.db, additive))!;
    expect((await readSnapshotPage(app.db, warehouse, snapshot.id, { offset: 0, limit: 1 })).rows).toEqual([['1', 'ann']]);
    expect(await latestEvent(additive)).toMatchObject({ policy: 'additive', outcome: 'accepted', snapshotId: snapshot.id, changes: [{ kind: 'added', column: 'email', type: 'VARCHAR' }] });
    expect(await latestEvent(blocking)).toMatchObject({ policy: 'block', outcome: 'blocked' });
  });

  it('refuses a blocked event, a stale version and unmasked PII, and keeps the contract', async () => {
    const event = (await latestEvent(additive))!;
    const blocked = (await latestEvent(blocking))!;
    const apply = (datasetId: string, eventId: number, baseVersion: number, columns: { name: string; description: string; sensitivity: 'pii' | 'internal'; masking: 'none' | 'hash' }[] = []) =>
      applyAdditiveDrift(app.db, { datasetId, eventId, body: { baseVersion, columns }, actorId: steward });
    await expect(apply(blocking, blocked.id, 1)).rejects.toMatchObject({
      code: 'bad_request',
      message: `drift event ${blocked.id} is not an accepted additive change (policy block, blocked): only new columns an additive load let through can be applied; fix the source or edit the contract`,
    });
    await expect(apply(additive, blocked.id, 1)).rejects.toMatchObject({ code: 'not_found', message: `dataset ${additive} has no drift event ${blocked.id}` });
    await expect(apply(additive, event.id, 2)).rejects.toMatchObject({ code: 'stale_version', message: `contract of ${additive} is at version 1, not 2: reload to see the change` });
    await expect(apply(additive, event.id, 1, [{ name: 'email', description: '', sensitivity: 'pii', masking: 'none' }])).rejects.toMatchObject({ code: 'invalid_body', message: 'email is pii and needs a masking rule' });
    await expect(apply(additive, event.id, 1, [{ name: 'phone', description: '', sensitivity: 'internal', masking: 'none' }])).rejects.toMatchObject({ code: 'invalid_body', message: 'columns phone are not new columns of this drift event' });
    expect((await getDatasetOrThrow(app.db, additive)).version).toBe(1);
  });

  it('applies the new column as contract v2 with the steward’s masking, audited; a second apply is refused', async () => {
    const event = (await latestEvent(additive))!;
    const applied = await applyAdditiveDrift(app.db, { datasetId: additive, eventId: event.id, body: { baseVersion: 1, columns: [{ name: 'email', description: 'Where to write.', sensitivity: 'pii', masking: 'hash' }] }, actorId: steward });
    expect(applied.version).toBe(2);
    expect(applied.changes).toEqual(['email added (VARCHAR)']);
    expect(applied.contract.columns.at(-1)).toEqual({ name: 'email', type: 'VARCHAR', nullable: true, description: 'Where to write.', sensitivity: 'pii', masking: 'hash' });
    const [audit] = await app.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'source.drift_applied'), eq(auditEvents.objectId, additive)));
    expect(audit).toMatchObject({ actorId: steward, details: { eventId: event.id, version: 2, columns: [{ name: 'email', type: 'VARCHAR' }] } });
    await expect(applyAdditiveDrift(app.db, { datasetId: additive, eventId: event.id, body: { baseVersion: 2, columns: [] }, actorId: steward })).rejects.toMatchObject({
      code: 'conflict',
      message: `drift event ${event.id} is applied already: email is in contract v2`,
    });
  });

  it('loads the applied column on the next load with no drift', async () => {
    const before = (await latestEvent(additive))!.id;
    await load(additive);
    const snapshot = (await currentSnapshot(app.db, additive))!;
    expect(snapshot).toMatchObject({ status: 'published', contractVersion: 2 });
    expect((await readSnapshotPage(app.db, warehouse, snapshot.id, { offset: 0, limit: 2 })).rows).toEqual([
      ['1', 'ann', 'ann@x.test'],
      ['2', 'bob', 'bob@x.test'],
    ]);
    expect((await latestEvent(additive))!.id).toBe(before);
  });

  it('refuses a new column whose name cannot be a contract column, naming it', async () => {
    await upload('id,name,email,"Nick Name"\n1,ann,ann@x.test,annie\n');
    await load(additive);
    const event = (await latestEvent(additive))!;
    expect(event).toMatchObject({ outcome: 'accepted', changes: [{ kind: 'added', column: 'Nick Name' }] });
    await expect(applyAdditiveDrift(app.db, { datasetId: additive, eventId: event.id, body: { baseVersion: 2, columns: [] }, actorId: steward })).rejects.toMatchObject({
      code: 'invalid_body',
      message: "column Nick Name cannot join the contract: contract columns are lower_snake_case and keep the source's names, so rename it in the source",
    });
    expect((await getDatasetOrThrow(app.db, additive)).version).toBe(2);
  });
});
