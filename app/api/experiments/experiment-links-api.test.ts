import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleArtifact } from '@/lib/artifact/example';
import { verifyArtifact } from '@/lib/artifact/id';
import type { Artifact } from '@/lib/artifact/schema';
import type { App } from '@/lib/server/app';
import type { RouteHandler } from '@/lib/server/http/route';

// What hangs off a recorded experiment, through the real handlers: its replay state, the artifact
// download, share links that open it without an account until revoked, and forks into new notebooks.

type Handlers = {
  record: RouteHandler;
  list: RouteHandler;
  get: RouteHandler;
  replay: { GET: RouteHandler; POST: RouteHandler };
  artifact: RouteHandler;
  fork: RouteHandler;
  shares: { GET: RouteHandler; POST: RouteHandler };
  revoke: RouteHandler;
  shared: RouteHandler;
  sharedArtifact: RouteHandler;
  notebook: RouteHandler;
};

let handlers: Handlers;
let app: App;
let cookie: string;
let otherAnalystCookie: string;
let otherAnalystId: string;
let reviewerCookie: string;
let viewerCookie: string;
let analystId: string;
let notebookId: string;
let sandboxSeed = 100;

type Call = { params?: Record<string, string>; as?: string | null; method?: 'GET' | 'POST'; body?: string; query?: string };

/** Calls a handler in-process; `as: null` sends no cookie at all. */
function call(handler: RouteHandler, { params = {}, as = cookie, method = 'GET', body, query = '' }: Call = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as !== null) headers.cookie = as;
  const req = new Request(`http://localhost:3000/api${query}`, { method, headers, body });
  return handler(req, { params: Promise.resolve(params) });
}

/** Records a fresh experiment (a new sandbox seed makes new content, so a new id) and answers its id. */
async function recordExperiment(change: (a: Artifact) => void = () => {}): Promise<{ id: string; artifact: Artifact }> {
  const artifact = exampleArtifact();
  artifact.content.notebook.id = notebookId;
  artifact.content.author = { id: analystId, name: 'Ana Analyst' };
  artifact.content.seeds = { sandbox: sandboxSeed++ };
  change(artifact);
  const response = await call(handlers.record, { method: 'POST', body: JSON.stringify(artifact) });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return { id, artifact };
}

async function listIds(query: string): Promise<string[]> {
  const response = await call(handlers.list, { query });
  expect(response.status).toBe(200);
  return ((await response.json()).experiments as { id: string }[]).map((e) => e.id);
}

async function replayJobs(experimentId: string) {
  const { jobs } = await import('@/lib/server/db/schema');
  const { REPLAY_JOB } = await import('@/lib/server/experiments/replays');
  return app.db.select().from(jobs).where(and(eq(jobs.kind, REPLAY_JOB), eq(jobs.subject, experimentId)));
}

async function createShare(id: string, as = cookie): Promise<{ share: { id: string; token: string }; url: string }> {
  const response = await call(handlers.shares.POST, { method: 'POST', params: { id }, as, body: JSON.stringify({ expiresInDays: 7 }) });
  expect(response.status).toBe(201);
  return response.json();
}

const revoke = (id: string, shareId: string, as = cookie) => call(handlers.revoke, { method: 'POST', params: { id, shareId }, as });
const openShared = (token: string) => call(handlers.shared, { params: { token }, as: null });
const downloadShared = (token: string) => call(handlers.sharedArtifact, { params: { token }, as: null });

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-experiment-links-api-'));
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  const experiments = await import('./route');
  const replay = await import('./[id]/replay/route');
  const shares = await import('./[id]/shares/route');
  handlers = {
    record: experiments.POST,
    list: experiments.GET,
    get: (await import('./[id]/route')).GET,
    replay: { GET: replay.GET, POST: replay.POST },
    artifact: (await import('./[id]/artifact/route')).GET,
    fork: (await import('./[id]/fork/route')).POST,
    shares: { GET: shares.GET, POST: shares.POST },
    revoke: (await import('./[id]/shares/[shareId]/revoke/route')).POST,
    shared: (await import('../share/[token]/route')).GET,
    sharedArtifact: (await import('../share/[token]/artifact/route')).GET,
    notebook: (await import('../notebooks/[id]/route')).GET,
  };
  const { getApp } = await import('@/lib/server/app');
  const { createUser } = await import('@/lib/server/users/users');
  const { createNotebook } = await import('@/lib/server/notebooks/notebooks');
  app = await getApp();
  const { sessionCookie } = await import('@/lib/server/testing/sign-in');
  const signIn = (email: string, password?: string) => sessionCookie(app, email, password);
  cookie = await signIn('analyst@assay.local');
  reviewerCookie = await signIn('reviewer@assay.local');
  viewerCookie = await signIn('viewer@assay.local');
  otherAnalystId = (await createUser(app.auth, app.db, { email: 'second@assay.local', name: 'Second Analyst', password: 'long-enough-pw', roles: ['analyst'] })).id;
  otherAnalystCookie = await signIn('second@assay.local', 'long-enough-pw');
  const session = await app.auth.api.getSession({ headers: new Headers({ cookie }) });
  analystId = session!.user.id;
  notebookId = (await createNotebook(app.db, { ownerId: analystId, title: 'Repeat buyers' })).id;
});

afterAll(async () => {
  await app.database.close();
});

describe('replay state', () => {
  it('queues a replay with a new experiment and shows it on the experiment and on /replay', async () => {
    const { id } = await recordExperiment();
    const read = await call(handlers.get, { params: { id }, as: viewerCookie });
    expect(read.status).toBe(200);
    const body = await read.json();
    expect(body.experiment.id).toBe(id);
    expect(body.replay).toEqual({ status: 'queued', attempts: 0, lastError: null, result: null });
    const state = await call(handlers.replay.GET, { params: { id }, as: viewerCookie });
    expect(state.status).toBe(200);
    expect((await state.json()).replay).toEqual(body.replay);
    expect(await replayJobs(id)).toHaveLength(1);
  });

  it('answers the pending replay instead of queueing a second one, for an analyst and a reviewer', async () => {
    const { id } = await recordExperiment();
    for (const as of [cookie, reviewerCookie]) {
      const again = await call(handlers.replay.POST, { method: 'POST', params: { id }, as });
      expect(again.status).toBe(202);
      expect((await again.json()).replay).toMatchObject({ status: 'queued', attempts: 0, result: null });
    }
    const jobs = await replayJobs(id);
    expect(jobs.map((j) => j.status)).toEqual(['queued']);
  });

  it('refuses a replay request from a viewer and for an experiment that does not exist', async () => {
    const { id } = await recordExperiment();
    expect((await call(handlers.replay.POST, { method: 'POST', params: { id }, as: viewerCookie })).status).toBe(403);
    const missing = '0'.repeat(64);
    const unknown = await call(handlers.replay.POST, { method: 'POST', params: { id: missing } });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toEqual({ code: 'not_found', message: `experiment ${missing} does not exist` });
    expect((await call(handlers.replay.GET, { params: { id: missing } })).status).toBe(404);
    expect(await replayJobs(missing)).toEqual([]);
  });
});

describe('artifact download', () => {
  it('answers the artifact as a JSON attachment that verifies to the experiment id', async () => {
    const { id, artifact } = await recordExperiment();
    const response = await call(handlers.artifact, { params: { id }, as: viewerCookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="experiment-${id.slice(0, 12)}.json"`);
    const downloaded: unknown = JSON.parse(await response.text());
    const verified = await verifyArtifact(downloaded, id);
    expect(verified).toMatchObject({ ok: true, id });
    expect(downloaded).toEqual(artifact);
  });

  it('answers 404 for an experiment that does not exist', async () => {
    const response = await call(handlers.artifact, { params: { id: 'f'.repeat(64) } });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });
});

describe('share links', () => {
  it('lets only the author create, list and revoke links', async () => {
    const { id } = await recordExperiment();
    const { share } = await createShare(id);
    const body = JSON.stringify({ expiresInDays: 7 });

    const byOther = await call(handlers.shares.POST, { method: 'POST', params: { id }, as: otherAnalystCookie, body });
    expect(byOther.status).toBe(403);
    expect((await byOther.json()).error).toEqual({ code: 'forbidden', message: 'only the author of an experiment can share it' });
    const listByOther = await call(handlers.shares.GET, { params: { id }, as: otherAnalystCookie });
    expect(listByOther.status).toBe(403);
    expect((await listByOther.json()).error).toEqual({ code: 'forbidden', message: 'only the author of an experiment can see its links' });
    const revokeByOther = await revoke(id, share.id, otherAnalystCookie);
    expect(revokeByOther.status).toBe(403);
    expect((await revokeByOther.json()).error).toEqual({ code: 'forbidden', message: 'only the author of an experiment can revoke its links' });

    for (const response of [
      await call(handlers.shares.POST, { method: 'POST', params: { id }, as: viewerCookie, body }),
      await call(handlers.shares.GET, { params: { id }, as: viewerCookie }),
      await revoke(id, share.id, viewerCookie),
    ]) {
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('forbidden');
    }

    const listed = await call(handlers.shares.GET, { params: { id } });
    expect(listed.status).toBe(200);
    const { shares } = await listed.json();
    expect(shares).toEqual([{ id: share.id, createdAt: expect.any(String), expiresAt: expect.any(String), revokedAt: null, createdBy: analystId }]);
    expect(JSON.stringify(shares)).not.toContain(share.token);
    expect((await openShared(share.token)).status).toBe(200);
  });

  it.each([
    ['0 days', { expiresInDays: 0 }],
    ['91 days', { expiresInDays: 91 }],
    ['no expiry', {}],
    ['a fraction of a day', { expiresInDays: 1.5 }],
  ])('refuses a link lasting %s with 422 naming expiresInDays, and creates none', async (_case, body) => {
    const { id } = await recordExperiment();
    const response = await call(handlers.shares.POST, { method: 'POST', params: { id }, body: JSON.stringify(body) });
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('invalid_body');
    expect(error.message).toMatch(/^expiresInDays: /);
    expect(error.details.issues[0].path).toBe('expiresInDays');
    expect((await (await call(handlers.shares.GET, { params: { id } })).json()).shares).toEqual([]);
  });

  it('opens the experiment and its artifact by token without an account, until the author revokes it', async () => {
    const { id } = await recordExperiment();
    const { share, url } = await createShare(id);
    expect(share.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`${app.config.baseUrl}/share/${share.token}`);

    const opened = await openShared(share.token);
    expect(opened.status).toBe(200);
    const body = await opened.json();
    expect(body.experiment.id).toBe(id);
    expect(body.replay.status).toBe('queued');

    const download = await downloadShared(share.token);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="experiment-${id.slice(0, 12)}.json"`);
    expect(await verifyArtifact(JSON.parse(await download.text()), id)).toMatchObject({ ok: true, id });

    const revoked = await revoke(id, share.id);
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).share).toMatchObject({ id: share.id, revokedAt: expect.any(String) });
    for (const response of [await openShared(share.token), await downloadShared(share.token)]) {
      expect(response.status).toBe(410);
      expect((await response.json()).error).toEqual({ code: 'gone', message: 'this share link was revoked by its author' });
    }
    const { shares } = await (await call(handlers.shares.GET, { params: { id } })).json();
    expect(shares).toEqual([expect.objectContaining({ id: share.id, revokedAt: expect.any(String) })]);

    const again = await revoke(id, share.id);
    expect(again.status).toBe(200);
  });

  it('revoking one link leaves the other links of the experiment working', async () => {
    const { id } = await recordExperiment();
    const first = await createShare(id);
    const second = await createShare(id);
    expect(second.share.token).not.toBe(first.share.token);
    expect((await revoke(id, first.share.id)).status).toBe(200);
    expect((await openShared(first.share.token)).status).toBe(410);
    expect((await openShared(second.share.token)).status).toBe(200);
  });

  it.each([
    ['an unknown well-formed token', () => randomBytes(32).toString('base64url')],
    ['a garbage token', () => 'not a token'],
    ['an empty token', () => ''],
  ])('answers 404 for %s, with or without the artifact', async (_case, token) => {
    for (const response of [await openShared(token()), await downloadShared(token())]) {
      expect(response.status).toBe(404);
      expect((await response.json()).error).toEqual({ code: 'not_found', message: 'this share link is not valid' });
    }
  });

  it('answers 404 when revoking a share that does not exist or belongs to another experiment', async () => {
    const { id } = await recordExperiment();
    const { id: otherId } = await recordExperiment();
    const { share } = await createShare(otherId);
    const unknown = await revoke(id, 'sh_0000000000000000');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toEqual({ code: 'not_found', message: `share link sh_0000000000000000 does not exist on experiment ${id}` });
    const elsewhere = await revoke(id, share.id);
    expect(elsewhere.status).toBe(404);
    expect((await openShared(share.token)).status).toBe(200);
    const missing = '0'.repeat(64);
    const onMissing = await call(handlers.shares.POST, { method: 'POST', params: { id: missing }, body: JSON.stringify({ expiresInDays: 7 }) });
    expect(onMissing.status).toBe(404);
    expect((await onMissing.json()).error).toEqual({ code: 'not_found', message: `experiment ${missing} does not exist` });
  });
});

describe('fork', () => {
  it("makes a new notebook owned by the forker with the artifact's cells, forked from the experiment", async () => {
    const { id, artifact } = await recordExperiment();
    const response = await call(handlers.fork, { method: 'POST', params: { id }, as: otherAnalystCookie });
    expect(response.status).toBe(201);
    const { notebookId: forkId } = await response.json();
    expect(forkId).toEqual(expect.any(String));
    expect(forkId).not.toBe(notebookId);

    const read = await call(handlers.notebook, { params: { id: forkId }, as: viewerCookie });
    expect(read.status).toBe(200);
    const { notebook } = await read.json();
    expect(notebook).toMatchObject({ id: forkId, ownerId: otherAnalystId, forkedFrom: id, title: `${artifact.annotations.title} (fork)` });
    expect(notebook.cells).toEqual(artifact.content.cells);
    expect(notebook.sandbox).toEqual(artifact.content.sandbox.spec);
  });

  it('refuses a viewer and answers 404 for an experiment that does not exist', async () => {
    const { id } = await recordExperiment();
    const byViewer = await call(handlers.fork, { method: 'POST', params: { id }, as: viewerCookie });
    expect(byViewer.status).toBe(403);
    expect((await byViewer.json()).error.code).toBe('forbidden');
    const missing = '0'.repeat(64);
    const unknown = await call(handlers.fork, { method: 'POST', params: { id: missing } });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toEqual({ code: 'not_found', message: `experiment ${missing} does not exist` });
  });
});

describe('list by replay status', () => {
  it('finds a new experiment under queued, not under match', async () => {
    const { id } = await recordExperiment();
    expect(await listIds('?replay=queued')).toContain(id);
    expect(await listIds('?replay=match')).not.toContain(id);
    expect(await listIds('?replay=none')).not.toContain(id);
  });

  it('refuses an unknown replay status with 422 naming replay', async () => {
    const response = await call(handlers.list, { query: '?replay=bogus' });
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('invalid_body');
    expect(error.message).toMatch(/^replay: /);
    expect(error.details.issues[0].path).toBe('replay');
  });
});

describe('without an account', () => {
  it('the experiment routes answer 401 while the share routes stay open', async () => {
    const { id } = await recordExperiment();
    const { share } = await createShare(id);
    for (const response of [
      await call(handlers.get, { params: { id }, as: null }),
      await call(handlers.artifact, { params: { id }, as: null }),
      await call(handlers.shares.POST, { method: 'POST', params: { id }, as: null, body: JSON.stringify({ expiresInDays: 7 }) }),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await response.json()).error.code).toBe('unauthorized');
    }
    expect((await openShared(share.token)).status).toBe(200);
  });
});
