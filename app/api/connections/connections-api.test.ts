import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandler } from '@/lib/server/http/route';
import { callRoute } from '@/lib/server/testing/routes';
import { scratchPostgres, type ScratchSource } from '@/lib/sources/testing';

// The connections API: stewards manage, others see names only, the password never comes back, and bad
// input gets a 4xx naming the problem.

let connectionsRoute: { GET: RouteHandler; POST: RouteHandler };
let testRoute: RouteHandler;
let loadsRoute: RouteHandler;
let snapshotsRoute: RouteHandler;
let filesRoute: RouteHandler;
let steward: string;
let viewer: string;
let scratch: ScratchSource;

const call = (handler: RouteHandler, init: { method?: string; body?: unknown; as: string; query?: string; id?: string }) =>
  callRoute(handler, { ...init, cookie: init.as, params: { id: init.id ?? '' } });

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-api-'));
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  connectionsRoute = await import('./route');
  ({ POST: testRoute } = await import('./test/route'));
  ({ POST: loadsRoute } = await import('@/app/api/catalog/datasets/[id]/loads/route'));
  ({ GET: snapshotsRoute } = await import('@/app/api/catalog/datasets/[id]/snapshots/route'));
  ({ POST: filesRoute } = await import('./[id]/files/route'));
  const { getApp } = await import('@/lib/server/app');
  const app = await getApp();
  const { sessionCookie } = await import('@/lib/server/testing/sign-in');
  const signIn = (email: string) => sessionCookie(app, email);
  steward = await signIn('steward@assay.local');
  viewer = await signIn('viewer@assay.local');
  scratch = await scratchPostgres();
});

afterAll(async () => {
  await scratch?.drop();
  const { getApp } = await import('@/lib/server/app');
  await (await getApp()).database.close();
});

describe('connections API', () => {
  const valid = () => ({ name: 'CRM', ...scratch.target });

  it.each([
    ['a missing host', { host: undefined }, 'host: Invalid input: expected string, received undefined'],
    ['a port out of range', { port: 70_000 }, 'port: Too big: expected number to be <=65535'],
    ['an unknown kind', { kind: 'oracle' }, "kind: Invalid discriminator value. Expected 'postgres' | 'mysql' | 'files'"],
    ['an unknown field', { ssl: true }, 'body: Unrecognized key: "ssl"'],
  ])('refuses %s with 422 naming it', async (_, change, message) => {
    const response = await call(connectionsRoute.POST, { method: 'POST', as: steward, body: { ...valid(), ...change } });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: 'invalid_body', message });
  });

  it('creates for a steward without ever answering the password; a viewer sees names only and cannot create', async () => {
    const created = await call(connectionsRoute.POST, { method: 'POST', as: steward, body: valid() });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain(scratch.target.password);
    expect(JSON.parse(text).connection).toMatchObject({ name: 'CRM', host: scratch.target.host, disabled: false, datasets: 0 });
    const stewardList = await (await call(connectionsRoute.GET, { as: steward })).text();
    expect(stewardList).not.toContain(scratch.target.password);
    const viewerList = (await (await call(connectionsRoute.GET, { as: viewer })).json()) as { items: Record<string, unknown>[] };
    expect(viewerList.items).toEqual([{ id: expect.any(String), name: 'CRM', kind: 'postgres' }]);
    expect((await call(connectionsRoute.POST, { method: 'POST', as: viewer, body: valid() })).status).toBe(403);
    const twice = await call(connectionsRoute.POST, { method: 'POST', as: steward, body: valid() });
    expect(twice.status).toBe(409);
  });

  it('tests an unsaved connection with the database’s own message, never the password', async () => {
    const response = await call(testRoute, { method: 'POST', as: steward, body: { ...valid(), port: 1 } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ ok: false, message: expect.stringMatching(/ECONNREFUSED/) });
    expect(text).not.toContain(scratch.target.password);
  });

  it.each([
    ['limit=0', 'limit: a whole number from 1 to 100'],
    ['limit=500', 'limit: a whole number from 1 to 100'],
    ['cursor=%21%21', 'cursor: not a cursor this server issued'],
  ])('refuses a list query with %s naming the parameter', async (query, message) => {
    const response = await call(connectionsRoute.GET, { as: steward, query: `?${query}` });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(message);
  });

  it('refuses to load a dataset that has no source, and a snapshot list with a bad cursor', async () => {
    const load = await call(loadsRoute, { method: 'POST', as: steward, body: { mode: 'full' }, id: 'customers' });
    expect(load.status).toBe(404);
    expect((await load.json()).error.message).toBe('dataset customers is not bound to a source');
    const bad = await call(snapshotsRoute, { as: steward, query: '?cursor=YWJj', id: 'customers' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toBe('cursor: not a cursor this server issued');
  });

  it('takes a CSV upload into a files connection for a steward only, as a file body, and refuses other types', async () => {
    const created = await call(connectionsRoute.POST, { method: 'POST', as: steward, body: { name: 'Uploads', kind: 'files' } });
    expect(created.status).toBe(201);
    const { connection } = await created.json();
    expect(connection).toMatchObject({ kind: 'files', host: '', port: 0 });
    const send = (as: string, type: string, text: string) =>
      filesRoute(new Request(`http://localhost:3000/api/connections/${connection.id}/files?table=prices`, { method: 'POST', headers: { cookie: as, 'content-type': type }, body: text }), {
        params: Promise.resolve({ id: connection.id }),
      });
    const stored = await send(steward, 'text/csv', 'sku,price\na,1.5\nb,2\n');
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({ table: 'prices', format: 'csv', columns: [{ name: 'sku' }, { name: 'price' }] });
    expect((await send(viewer, 'text/csv', 'sku\na\n')).status).toBe(403);
    const plain = await send(steward, 'text/plain', 'sku\na\n');
    expect(plain.status).toBe(415);
    const empty = await send(steward, 'text/csv', '');
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.message).toBe('the upload is empty (0 bytes)');
  });
});
