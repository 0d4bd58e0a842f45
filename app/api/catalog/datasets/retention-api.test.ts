import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@/lib/server/app';
import type { RouteHandler } from '@/lib/server/http/route';
import { callRoute } from '@/lib/server/testing/routes';

// Snapshot retention and drift apply through their API: only stewards and admins set a policy,
// expire or apply; a policy of 0 or below is a 422; an expired snapshot's rows are a 410 that says
// who expired it and when.

type Handlers = { GET?: RouteHandler; PUT?: RouteHandler; POST?: RouteHandler };
let retention: Handlers;
let rows: Handlers;
let apply: Handlers;
let app: App;
let steward: string;
let analyst: string;
const dataset = 'ledger_api';

const call = (handler: RouteHandler, params: Record<string, string>, init: { method?: string; body?: unknown; as: string }) =>
  callRoute(handler, { ...init, cookie: init.as, query: '/x', params });

async function loadOnce(connectionId: string, csv: string) {
  const { storeUpload } = await import('@/lib/server/sources/files');
  const { requestLoad, loadJobHandler, LOAD_JOB } = await import('@/lib/server/sources/loads');
  const { secretKeyOf } = await import('@/lib/server/sources/connections');
  const { getWarehouse } = await import('@/lib/server/sources/warehouse');
  const { runNextJob } = await import('@/lib/server/jobs/worker');
  const { stewardId } = await ids();
  await storeUpload(app.db, { connectionId, table: 'ledger', body: new Response(csv).body as WebReadableStream<Uint8Array>, actorId: stewardId });
  await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'manual', userId: stewardId });
  await runNextJob(app.db, { [LOAD_JOB]: loadJobHandler(app.db, getWarehouse, secretKeyOf('test-secret-that-is-long-enough-for-better-auth')) as never }, 'test-worker');
}

async function ids() {
  const { users } = await import('@/lib/server/db/schema');
  const { eq } = await import('drizzle-orm');
  const [row] = await app.db.select({ id: users.id }).from(users).where(eq(users.email, 'steward@assay.local'));
  return { stewardId: row!.id };
}

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-retention-api-'));
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  retention = await import('./[id]/retention/route');
  rows = await import('../snapshots/[id]/rows/route');
  apply = await import('./[id]/drift/[eventId]/apply/route');
  const { getApp } = await import('@/lib/server/app');
  app = await getApp();
  const { sessionCookie } = await import('@/lib/server/testing/sign-in');
  steward = await sessionCookie(app, 'steward@assay.local');
  analyst = await sessionCookie(app, 'analyst@assay.local');

  const { createConnection, secretKeyOf, sourceColumns } = await import('@/lib/server/sources/connections');
  const { bindDataset, proposeContract } = await import('@/lib/server/sources/bindings');
  const { stewardId } = await ids();
  const key = secretKeyOf('test-secret-that-is-long-enough-for-better-auth');
  const connectionId = (await createConnection(app.db, key, { name: 'ledger uploads', kind: 'files', actorId: stewardId })).id;
  const { storeUpload } = await import('@/lib/server/sources/files');
  await storeUpload(app.db, { connectionId, table: 'ledger', body: new Response('id,amount\n1,5\n').body as WebReadableStream<Uint8Array>, actorId: stewardId });
  const table = { schema: '', name: 'ledger' };
  const { contract } = proposeContract(table, await sourceColumns(app.db, key, connectionId, table));
  await bindDataset(app.db, key, { connectionId, table, name: dataset, contract, primaryKey: ['id'], cursorColumn: null, lookback: 0, driftPolicy: 'additive', actorId: stewardId });
  await loadOnce(connectionId, 'id,amount\n1,5\n');
  await loadOnce(connectionId, 'id,amount,memo\n1,5,rent\n');
});

afterAll(async () => {
  await app?.database.close();
});

describe('snapshot retention API', () => {
  it('refuses an analyst, and a policy of 0 or below with a 422, keeping the policy', async () => {
    const refusals: [string, unknown, number, string][] = [
      [analyst, { keepSnapshots: 1, keepDays: null }, 403, 'this needs one of the roles steward, admin; you have analyst'],
      [steward, { keepSnapshots: 0, keepDays: null }, 422, expect.stringContaining('keep at least the newest snapshot') as unknown as string],
      [steward, { keepSnapshots: -2, keepDays: null }, 422, expect.stringContaining('keep at least the newest snapshot') as unknown as string],
      [steward, { keepSnapshots: null, keepDays: 0 }, 422, expect.stringContaining('keep at least a day') as unknown as string],
    ];
    for (const [as, body, status, message] of refusals) {
      const response = await call(retention.PUT!, { id: dataset }, { method: 'PUT', as, body });
      expect(response.status).toBe(status);
      expect((await response.json()).error.message).toEqual(message);
    }
    const expire = await call(retention.POST!, { id: dataset }, { method: 'POST', as: analyst, body: { snapshotIds: [1] } });
    expect(expire.status).toBe(403);
    const plan = await (await call(retention.GET!, { id: dataset }, { as: analyst })).json();
    expect(plan).toMatchObject({ policy: { keepSnapshots: null, keepDays: null }, expire: [] });
  });

  it('sets a policy, expires the plan by a steward’s hand, and answers 410 for the expired snapshot’s rows', async () => {
    const set = await call(retention.PUT!, { id: dataset }, { method: 'PUT', as: steward, body: { keepSnapshots: 1, keepDays: null } });
    expect(set.status).toBe(200);
    const plan = await set.json();
    expect(plan.expire).toHaveLength(1);
    const expired = await call(retention.POST!, { id: dataset }, { method: 'POST', as: steward, body: { snapshotIds: plan.expire } });
    expect(expired.status).toBe(200);
    const gone = await call(rows.GET!, { id: String(plan.expire[0]) }, { as: steward });
    expect(gone.status).toBe(410);
    expect((await gone.json()).error).toMatchObject({ code: 'gone', message: expect.stringMatching(new RegExp(`^snapshot ${plan.expire[0]} of ${dataset} was expired by Sam Steward on \\d{4}-`)) });
  });
});

describe('drift apply API', () => {
  it('refuses an analyst, and applies the additive column for a steward', async () => {
    const { listDriftEvents } = await import('@/lib/server/sources/loads');
    const [event] = (await listDriftEvents(app.db, dataset, { after: null, limit: 1 })).items;
    const params = { id: dataset, eventId: String(event!.id) };
    expect((await call(apply.POST!, params, { method: 'POST', as: analyst, body: { baseVersion: 1 } })).status).toBe(403);
    const applied = await call(apply.POST!, params, { method: 'POST', as: steward, body: { baseVersion: 1 } });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ version: 2, changes: ['memo added (VARCHAR)'] });
    const again = await call(apply.POST!, params, { method: 'POST', as: steward, body: { baseVersion: 2 } });
    expect(again.status).toBe(409);
  });
});
