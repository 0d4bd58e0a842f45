import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandler } from '@/lib/server/http/route';
import { callRoute } from '@/lib/server/testing/routes';

// A notebook leaves as a text file and comes back as the same notebook; a bad file is refused with
// its line and creates nothing.
let exportText: RouteHandler;
let importText: RouteHandler;
let getNotebook: RouteHandler;
let listNotebooks: RouteHandler;
let analyst: string;
let viewer: string;
let demoId: string;

const call = (handler: RouteHandler, init: { method?: string; body?: unknown; cookie: string }, id = '') => callRoute(handler, { ...init, params: { id } });
const count = async () => (await (await call(listNotebooks, { cookie: analyst })).json()).notebooks.length as number;

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-text-'));
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  ({ GET: exportText } = await import('./[id]/text/route'));
  ({ POST: importText } = await import('./import/route'));
  ({ GET: getNotebook } = await import('./[id]/route'));
  ({ GET: listNotebooks } = await import('./route'));
  const { getApp } = await import('@/lib/server/app');
  const { sessionCookie } = await import('@/lib/server/testing/sign-in');
  const app = await getApp();
  analyst = await sessionCookie(app, 'analyst@assay.local');
  viewer = await sessionCookie(app, 'viewer@assay.local');
  demoId = (await (await call(listNotebooks, { cookie: analyst })).json()).notebooks[0].id;
});

afterAll(async () => {
  const { getApp } = await import('@/lib/server/app');
  await (await getApp()).database.close();
});

describe('notebooks as text files', () => {
  it('exports the demo notebook and imports it again as the same notebook, owned by the importer', async () => {
    const exported = await call(exportText, { cookie: viewer }, demoId);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.assay\.sql"$/);
    const text = await exported.text();
    expect(text.startsWith('-- assay notebook v1\n')).toBe(true);

    const imported = await call(importText, { method: 'POST', body: { text }, cookie: analyst });
    expect(imported.status).toBe(201);
    const copy = (await imported.json()).notebook;
    const original = (await (await call(getNotebook, { cookie: analyst }, demoId)).json()).notebook;
    expect(copy.id).not.toBe(original.id);
    expect({ title: copy.title, cells: copy.cells, sandbox: copy.sandbox }).toEqual({ title: original.title, cells: original.cells, sandbox: original.sandbox });
    expect(await (await call(exportText, { cookie: analyst }, copy.id)).text()).toBe(text);
  });

  it('refuses a file that is not a notebook with the line, and creates nothing', async () => {
    const before = await count();
    const response = await call(importText, { method: 'POST', body: { text: '-- assay notebook v1\n-- title: T\n\n-- %% sql {"id":"a","name":"Bad"}\nselect 1\n\n' }, cookie: analyst });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: 'invalid_body', message: expect.stringMatching(/^text: line 4: cell 1: name:/), details: { line: 4 } });
    expect(await count()).toBe(before);
  });

  it('lets only analysts import, and answers 404 for a notebook that does not exist', async () => {
    const text = await (await call(exportText, { cookie: analyst }, demoId)).text();
    expect((await call(importText, { method: 'POST', body: { text }, cookie: viewer })).status).toBe(403);
    expect((await call(exportText, { cookie: analyst }, 'nb_missing')).status).toBe(404);
  });
});
