import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandler } from '@/lib/server/http/route';

// Bad input to the notebook API gets a clear 4xx naming the problem and stores nothing.

let createNotebook: RouteHandler;
let saveRevision: RouteHandler;
let getNotebook: RouteHandler;
let cookie: string;
let notebookId: string;

const post = (handler: RouteHandler, body: string, id = notebookId) =>
  handler(new Request('http://localhost:3000/api', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body }), {
    params: Promise.resolve({ id }),
  });

async function currentRevision(): Promise<number> {
  const response = await getNotebook(new Request('http://localhost:3000/api', { headers: { cookie } }), { params: Promise.resolve({ id: notebookId }) });
  return (await response.json()).notebook.revision;
}

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-api-'));
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  ({ POST: createNotebook } = await import('./route'));
  ({ POST: saveRevision } = await import('./[id]/revisions/route'));
  ({ GET: getNotebook } = await import('./[id]/route'));
  const { getApp } = await import('@/lib/server/app');
  const app = await getApp();
  const signIn = await app.auth.api.signInEmail({ body: { email: 'analyst@assay.local', password: 'assay-demo-password' }, asResponse: true });
  cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
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
