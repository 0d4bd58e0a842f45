import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandler } from '@/lib/server/http/route';

// The notebook API does what it says, and bad input gets a clear 4xx naming the problem and changes nothing.

let createNotebook: RouteHandler;
let listNotebooks: RouteHandler;
let saveRevision: RouteHandler;
let getNotebook: RouteHandler;
let renameNotebook: RouteHandler;
let recordRun: RouteHandler;
let cookie: string;
let otherAnalystCookie: string;
let viewerCookie: string;
let notebookId: string;

const post = (handler: RouteHandler, body: string, id = notebookId, as = cookie) =>
  handler(new Request('http://localhost:3000/api', { method: 'POST', headers: { cookie: as, 'content-type': 'application/json' }, body }), {
    params: Promise.resolve({ id }),
  });

const patch = (body: string, id = notebookId, as = cookie) =>
  renameNotebook(new Request('http://localhost:3000/api', { method: 'PATCH', headers: { cookie: as, 'content-type': 'application/json' }, body }), {
    params: Promise.resolve({ id }),
  });

const list = (query: string) =>
  listNotebooks(new Request(`http://localhost:3000/api/notebooks${query}`, { headers: { cookie } }), { params: Promise.resolve({}) });

async function fetchNotebook(id = notebookId) {
  const response = await getNotebook(new Request('http://localhost:3000/api', { headers: { cookie } }), { params: Promise.resolve({ id }) });
  return (await response.json()).notebook;
}

async function currentRevision(): Promise<number> {
  return (await fetchNotebook()).revision;
}

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-api-'));
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  ({ POST: createNotebook, GET: listNotebooks } = await import('./route'));
  ({ POST: saveRevision } = await import('./[id]/revisions/route'));
  ({ GET: getNotebook, PATCH: renameNotebook } = await import('./[id]/route'));
  ({ POST: recordRun } = await import('./[id]/runs/route'));
  const { getApp } = await import('@/lib/server/app');
  const { createUser } = await import('@/lib/server/users/users');
  const app = await getApp();
  const { sessionCookie } = await import('@/lib/server/testing/sign-in');
  const signIn = (email: string, password?: string) => sessionCookie(app, email, password);
  cookie = await signIn('analyst@assay.local');
  viewerCookie = await signIn('viewer@assay.local');
  await createUser(app.auth, app.db, { email: 'second@assay.local', name: 'Second Analyst', password: 'long-enough-pw', roles: ['analyst'] });
  otherAnalystCookie = await signIn('second@assay.local', 'long-enough-pw');
  const created = await post(createNotebook, JSON.stringify({ title: 'Bad input' }), '');
  notebookId = (await created.json()).notebook.id;
});

afterAll(async () => {
  const { getApp } = await import('@/lib/server/app');
  await (await getApp()).database.close();
});

const cell = { id: 'c1', kind: 'sql', name: 'ok_model', source: 'select 1' };

describe('notebook API refuses bad input and changes nothing', () => {
  it.each([
    ['a body that is not JSON', '{"baseRevision": 1,', 400, { code: 'bad_request', message: 'request body is not valid JSON' }],
    [
      'a missing base revision',
      JSON.stringify({ cells: [] }),
      422,
      { code: 'invalid_body', message: 'baseRevision: Invalid input: expected number, received undefined' },
    ],
    [
      'a model name that is not lower_snake_case',
      JSON.stringify({ baseRevision: 1, cells: [{ ...cell, name: 'Bad Name' }] }),
      422,
      { code: 'invalid_body', message: 'cells.0.name: model names are lower_snake_case, at most 63 characters' },
    ],
    [
      'two cells defining the same model',
      JSON.stringify({ baseRevision: 1, cells: [cell, { ...cell, id: 'c2' }] }),
      422,
      { code: 'invalid_body', message: 'cells.1.name: two cells define the model ok_model' },
    ],
    [
      'an unknown cell kind',
      JSON.stringify({ baseRevision: 1, cells: [{ ...cell, kind: 'python' }] }),
      422,
      { code: 'invalid_body', message: expect.stringMatching(/^cells\.0\.kind: /) },
    ],
    ['a body over 5 MB', JSON.stringify({ baseRevision: 1, cells: [{ ...cell, source: 'x'.repeat(5_300_000) }] }), 413, { code: 'payload_too_large', message: 'request body is over 5242880 bytes' }],
  ])('%s', async (_case, body, status, error) => {
    const response = await post(saveRevision, body);
    expect(response.status).toBe(status);
    expect((await response.json()).error).toMatchObject(error);
    expect(await currentRevision()).toBe(1);
  });

  it('answers a stale save with 409, the current revision and its cells', async () => {
    expect((await post(saveRevision, JSON.stringify({ baseRevision: 1, cells: [cell] }))).status).toBe(201);
    const stale = await post(saveRevision, JSON.stringify({ baseRevision: 1, cells: [] }));
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: 'revision_conflict', details: { currentRevision: 2, cells: [cell] } });
    expect(await currentRevision()).toBe(2);
  });

  it('refuses a notebook without a title', async () => {
    const response = await post(createNotebook, JSON.stringify({ title: '   ' }), '');
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: 'invalid_body', message: 'title: a notebook needs a title' });
  });

  it('names a notebook that does not exist', async () => {
    const response = await post(saveRevision, JSON.stringify({ baseRevision: 1, cells: [] }), 'nb_0000000000000000');
    expect(response.status).toBe(404);
    expect((await response.json()).error).toEqual({ code: 'not_found', message: 'notebook nb_0000000000000000 does not exist' });
  });
});

describe('saving a revision with its sandbox spec', () => {
  const sandbox = { kind: 'synthetic', generatorVersion: 1, seed: 42, rows: { orders: 1000 } };

  it('returns the saved sandbox spec with the notebook', async () => {
    const revision = await currentRevision();
    expect((await post(saveRevision, JSON.stringify({ baseRevision: revision, cells: [cell], sandbox }))).status).toBe(201);
    expect(await fetchNotebook()).toMatchObject({ revision: revision + 1, sandbox });
  });

  it('refuses a sandbox spec from an unknown generator', async () => {
    const revision = await currentRevision();
    const response = await post(saveRevision, JSON.stringify({ baseRevision: revision, cells: [], sandbox: { ...sandbox, generatorVersion: 99 } }));
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: 'invalid_body', message: expect.stringMatching(/^sandbox\.generatorVersion: /) });
    expect(await currentRevision()).toBe(revision);
  });
});

describe('searching notebooks', () => {
  it('finds a notebook by part of its title, ignoring case', async () => {
    const response = await list('?q=BAD%20INP');
    expect(response.status).toBe(200);
    const { notebooks } = await response.json();
    expect(notebooks).toEqual([expect.objectContaining({ id: notebookId, ownerName: 'Ada Analyst', lastRunAt: null, lastRunByName: null })]);
  });

  it('answers a search that matches nothing with an empty list', async () => {
    expect(await (await list('?q=%25_nothing_%25')).json()).toEqual({ notebooks: [], nextCursor: null });
  });

  it('refuses a search over 200 characters', async () => {
    const response = await list(`?q=${'x'.repeat(201)}`);
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: 'invalid_body', message: 'q: a search is at most 200 characters' });
  });
});

describe('renaming a notebook', () => {
  let mine: string;
  beforeAll(async () => {
    mine = (await (await post(createNotebook, JSON.stringify({ title: 'To be renamed' }), '')).json()).notebook.id;
  });

  it('renames the owner\'s notebook and answers with it', async () => {
    const response = await patch(JSON.stringify({ title: '  Renamed by owner ' }), mine);
    expect(response.status).toBe(200);
    expect((await response.json()).notebook).toMatchObject({ id: mine, title: 'Renamed by owner', revision: 1 });
    expect((await fetchNotebook(mine)).title).toBe('Renamed by owner');
  });

  it.each([
    ['an empty title', JSON.stringify({ title: '  ' }), 422, { code: 'invalid_body', message: 'title: a notebook needs a title' }],
    ['a title over 200 characters', JSON.stringify({ title: 'x'.repeat(201) }), 422, { code: 'invalid_body', message: expect.stringMatching(/^title: /) }],
    ['no title at all', JSON.stringify({}), 422, { code: 'invalid_body', message: expect.stringMatching(/^title: /) }],
    ['a body that is not JSON', '{"title": ', 400, { code: 'bad_request', message: 'request body is not valid JSON' }],
  ])('refuses %s and keeps the old title', async (_case, body, status, error) => {
    const response = await patch(body, mine);
    expect(response.status).toBe(status);
    expect((await response.json()).error).toMatchObject(error);
    expect((await fetchNotebook(mine)).title).toBe('Renamed by owner');
  });

  it('answers 404 for a notebook that does not exist', async () => {
    const response = await patch(JSON.stringify({ title: 'Ghost' }), 'nb_0000000000000000');
    expect(response.status).toBe(404);
    expect((await response.json()).error).toEqual({ code: 'not_found', message: 'notebook nb_0000000000000000 does not exist' });
  });

  it('answers 403 to an analyst who does not own the notebook, and to a viewer', async () => {
    const notOwner = await patch(JSON.stringify({ title: 'Hijacked' }), mine, otherAnalystCookie);
    expect(notOwner.status).toBe(403);
    expect((await notOwner.json()).error).toEqual({ code: 'forbidden', message: 'only the owner of a notebook can rename it' });
    const viewer = await patch(JSON.stringify({ title: 'Hijacked' }), mine, viewerCookie);
    expect(viewer.status).toBe(403);
    expect((await fetchNotebook(mine)).title).toBe('Renamed by owner');
  });
});

describe('recording a run', () => {
  it('answers 204 to an analyst, even on another analyst’s notebook, and shows them as the last runner', async () => {
    const response = await post(recordRun, JSON.stringify({ cells: 4, failed: 1 }), notebookId, otherAnalystCookie);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(await fetchNotebook()).toMatchObject({ lastRunByName: 'Second Analyst', lastRunAt: expect.any(String) });
  });

  it('refuses a viewer with 403 and leaves the last run as it was', async () => {
    const before = await fetchNotebook();
    const response = await post(recordRun, JSON.stringify({ cells: 4, failed: 0 }), notebookId, viewerCookie);
    expect(response.status).toBe(403);
    expect((await response.json()).error).toEqual({ code: 'forbidden', message: 'this needs one of the roles analyst; you have viewer' });
    expect(await fetchNotebook()).toMatchObject({ lastRunByName: before.lastRunByName, lastRunAt: before.lastRunAt });
  });

  it.each([
    ['negative counts', JSON.stringify({ cells: -1, failed: 0 }), 422, { code: 'invalid_body', message: expect.stringMatching(/^cells: /) }],
    ['more failures than cells', JSON.stringify({ cells: 1, failed: 2 }), 422, { code: 'invalid_body', message: 'failed: more cells failed than ran' }],
    ['a body that is not JSON', 'ran', 400, { code: 'bad_request', message: 'request body is not valid JSON' }],
  ])('refuses %s', async (_case, body, status, error) => {
    const response = await post(recordRun, body);
    expect(response.status).toBe(status);
    expect((await response.json()).error).toMatchObject(error);
  });

  it('answers 404 for a notebook that does not exist', async () => {
    const response = await post(recordRun, JSON.stringify({ cells: 1, failed: 0 }), 'nb_0000000000000000');
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({ code: 'not_found' });
  });
});
