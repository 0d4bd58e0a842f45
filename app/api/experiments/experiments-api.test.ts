import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleArtifact } from '@/lib/artifact/example';
import { artifactId } from '@/lib/artifact/id';
import type { Artifact } from '@/lib/artifact/schema';
import type { RouteHandler } from '@/lib/server/http/route';

// Recording an experiment: the server recomputes the id, refuses what does not verify with a stable
// code, stores nothing then, and lets only the author record or archive it.

let recordExperiment: RouteHandler;
let listExperiments: RouteHandler;
let getExperiment: RouteHandler;
let archiveExperiment: RouteHandler;
let cookie: string;
let otherAnalystCookie: string;
let viewerCookie: string;
let analystId: string;
let notebookId: string;

const artifact = (change: (a: Artifact) => void = () => {}): Artifact => {
  const a = exampleArtifact();
  a.content.notebook.id = notebookId;
  a.content.author = { id: analystId, name: 'Ana Analyst' };
  change(a);
  return a;
};

const record = (body: string, query = '', as = cookie) =>
  recordExperiment(new Request(`http://localhost:3000/api/experiments${query}`, { method: 'POST', headers: { cookie: as, 'content-type': 'application/json' }, body }), {
    params: Promise.resolve({}),
  });
const list = async (query = '', as = cookie) => {
  const response = await listExperiments(new Request(`http://localhost:3000/api/experiments${query}`, { headers: { cookie: as } }), { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  return (await response.json()).experiments as { id: string; title: string }[];
};
const get = (id: string, as = cookie) => getExperiment(new Request('http://localhost:3000/api', { headers: { cookie: as } }), { params: Promise.resolve({ id }) });
const archive = (id: string, as = cookie) =>
  archiveExperiment(new Request('http://localhost:3000/api', { method: 'POST', headers: { cookie: as } }), { params: Promise.resolve({ id }) });

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-experiments-api-'));
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  ({ POST: recordExperiment, GET: listExperiments } = await import('./route'));
  ({ GET: getExperiment } = await import('./[id]/route'));
  ({ POST: archiveExperiment } = await import('./[id]/archive/route'));
  const { getApp } = await import('@/lib/server/app');
  const { createUser } = await import('@/lib/server/users/users');
  const { createNotebook } = await import('@/lib/server/notebooks/notebooks');
  const app = await getApp();
  const { sessionCookie } = await import('@/lib/server/testing/sign-in');
  const signIn = (email: string, password?: string) => sessionCookie(app, email, password);
  cookie = await signIn('analyst@assay.local');
  viewerCookie = await signIn('viewer@assay.local');
  await createUser(app.auth, app.db, { email: 'second@assay.local', name: 'Second Analyst', password: 'long-enough-pw', roles: ['analyst'] });
  otherAnalystCookie = await signIn('second@assay.local', 'long-enough-pw');
  const session = await app.auth.api.getSession({ headers: new Headers({ cookie }) });
  analystId = session!.user.id;
  notebookId = (await createNotebook(app.db, { ownerId: analystId, title: 'Repeat buyers' })).id;
});

afterAll(async () => {
  const { getApp } = await import('@/lib/server/app');
  await (await getApp()).database.close();
});

describe('experiment API', () => {
  it('records an artifact under its content id: 201 the first time, 200 after, and reads it back', async () => {
    const sent = artifact();
    const id = await artifactId(sent.content);
    const first = await record(JSON.stringify(sent), `?id=${id}`);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ id });
    const again = await record(JSON.stringify(sent));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id });
    const read = await get(id, viewerCookie);
    expect(read.status).toBe(200);
    const { experiment } = await read.json();
    expect(experiment).toMatchObject({ id, notebookId, authorId: analystId, format: sent.format, annotations: sent.annotations, archivedAt: null });
    expect(experiment.content).toEqual(sent.content);
    expect((await list('', viewerCookie)).map((e) => e.id)).toEqual([id]);
  });

  it.each([
    ['a body that is not JSON', () => '{"format":', '', 400, { code: 'bad_request', message: 'request body is not valid JSON' }],
    [
      'tampered content under the original id',
      () => JSON.stringify(artifact((a) => (a.content.models[0]!.rowCount = 1))),
      'original',
      422,
      { code: 'artifact_hash_mismatch', message: expect.stringMatching(/^the content hashes to [0-9a-f]{64}, not to the claimed id [0-9a-f]{64}$/) },
    ],
    ['a claimed id that is no id', () => JSON.stringify(artifact()), '?id=abc', 422, { code: 'artifact_invalid', message: 'an artifact id is 64 lowercase hex digits' }],
    [
      'an unknown format',
      () => JSON.stringify({ ...artifact(), format: 'assay.experiment/v2' }),
      '',
      422,
      { code: 'artifact_unknown_format', message: 'unknown artifact format "assay.experiment/v2": this version reads assay.experiment/v1' },
    ],
    [
      'an invalid artifact',
      () => JSON.stringify(artifact((a) => (a.content.engine.duckdbVersion = ''))),
      '',
      422,
      { code: 'artifact_invalid', message: expect.stringMatching(/^content\.engine\.duckdbVersion: /) },
    ],
    [
      'a body over 5 MB',
      () => JSON.stringify(artifact((a) => (a.annotations.notes = 'x'.repeat(5_300_000)))),
      '',
      413,
      { code: 'payload_too_large', message: 'request body is over 5242880 bytes' },
    ],
    [
      'an artifact over the 5,000,000-byte format limit',
      () => JSON.stringify(artifact((a) => (a.annotations.notes = 'é'.repeat(2_500_000)))),
      '',
      413,
      { code: 'payload_too_large', message: 'an artifact is at most 5000000 bytes' },
    ],
    [
      "someone else's artifact",
      () => JSON.stringify(artifact((a) => (a.content.author = { id: 'u_someone_else', name: 'Someone' }))),
      '',
      403,
      { code: 'forbidden', message: 'an artifact can only be recorded by its author (content.author.id is someone else)' },
    ],
  ])('refuses %s and stores nothing', async (_case, body, query, status, error) => {
    const before = await list('?includeArchived=true');
    const claimed = query === 'original' ? `?id=${await artifactId(artifact().content)}` : query;
    const response = await record(body(), claimed);
    expect(response.status).toBe(status);
    expect((await response.json()).error).toMatchObject(error);
    expect(await list('?includeArchived=true')).toEqual(before);
  });

  it('refuses recording by a viewer and archiving by anyone but the author', async () => {
    const { id } = await (await record(JSON.stringify(artifact((a) => (a.content.seeds = { sandbox: 9 }))))).json();
    expect((await record(JSON.stringify(artifact()), '', viewerCookie)).status).toBe(403);
    const byOther = await archive(id, otherAnalystCookie);
    expect(byOther.status).toBe(403);
    expect((await byOther.json()).error).toEqual({ code: 'forbidden', message: 'only the author of an experiment can archive it' });
    expect((await archive(id, viewerCookie)).status).toBe(403);
    expect((await get(id)).status).toBe(200);
    expect((await list()).map((e) => e.id)).toContain(id);
  });

  it('archives: hidden from the default list, still readable and listed on request', async () => {
    const { id } = await (await record(JSON.stringify(artifact((a) => (a.content.seeds = { sandbox: 10 }))))).json();
    const archived = await archive(id);
    expect(archived.status).toBe(200);
    expect((await archived.json()).experiment.archivedAt).toEqual(expect.any(String));
    expect((await list()).map((e) => e.id)).not.toContain(id);
    expect((await list('?includeArchived=true')).map((e) => e.id)).toContain(id);
    expect((await get(id)).status).toBe(200);
  });

  it('filters the list by title, tag, author and notebook', async () => {
    const churn = artifact((a) => {
      a.content.seeds = { sandbox: 11 };
      a.annotations = { ...a.annotations, title: 'Churn model', tags: ['churn'] };
    });
    const { id } = await (await record(JSON.stringify(churn))).json();
    expect((await list('?q=churn')).map((e) => e.id)).toEqual([id]);
    expect((await list('?q=CHURN%20MOD')).map((e) => e.id)).toEqual([id]);
    expect((await list(`?authorId=${analystId}&notebookId=${notebookId}`)).map((e) => e.id)).toContain(id);
    expect(await list('?notebookId=nb_ffffffffffffffff')).toEqual([]);
  });

  it('answers 404 for an experiment that does not exist', async () => {
    const response = await get('0'.repeat(64));
    expect(response.status).toBe(404);
    expect((await response.json()).error).toEqual({ code: 'not_found', message: `experiment ${'0'.repeat(64)} does not exist` });
    expect((await archive('0'.repeat(64))).status).toBe(404);
  });
});
