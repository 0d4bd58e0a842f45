import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleArtifact } from '@/lib/artifact/example';
import { auditEvents, experimentShares } from '@/lib/server/db/schema';
import { createNotebook, getNotebookOrThrow } from '@/lib/server/notebooks/notebooks';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import { forkExperiment, storeExperiment } from './experiments';
import { createShare, experimentForToken, listShares, revokeShare } from './shares';

describe.each(TEST_DATABASES)('share links and forks on %s', (kind) => {
  let app: TestApp;
  let author: string;
  let other: string;
  let experimentId: string;
  const actions = async () =>
    (await app.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.objectId, experimentId)).orderBy(auditEvents.seq)).map((e) => e.action);

  beforeAll(async () => {
    app = await openTestApp(kind);
    author = (await createUser(app.auth, app.db, { email: 'ana@x.test', name: 'Ana Analyst', password: 'long-enough-pw', roles: ['analyst'] })).id;
    other = (await createUser(app.auth, app.db, { email: 'bo@x.test', name: 'Bo', password: 'long-enough-pw', roles: ['analyst'] })).id;
    const artifact = exampleArtifact();
    artifact.content.notebook.id = (await createNotebook(app.db, { ownerId: author, title: 'Repeat buyers' })).id;
    artifact.content.author = { id: author, name: 'Ana Analyst' };
    experimentId = (await storeExperiment(app.db, { json: artifact, authorId: author })).id;
  });
  afterAll(() => app.close());

  it('opens the experiment with a fresh token until it is revoked; stores only the token’s hash; audits both', async () => {
    const share = await createShare(app.db, { experimentId, userId: author, expiresInDays: 7 });
    expect(share.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(share.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(await experimentForToken(app.db, share.token)).toBe(experimentId);
    const [row] = await app.db.select().from(experimentShares).where(eq(experimentShares.id, share.id));
    expect(JSON.stringify(row)).not.toContain(share.token);

    expect((await revokeShare(app.db, { experimentId, shareId: share.id, userId: author })).revokedAt).toBeInstanceOf(Date);
    await expect(experimentForToken(app.db, share.token)).rejects.toMatchObject({ code: 'gone', message: 'this share link was revoked by its author' });
    await revokeShare(app.db, { experimentId, shareId: share.id, userId: author });
    expect(await actions()).toEqual(['experiment.recorded', 'experiment.shared', 'experiment.share_revoked']);
    expect((await listShares(app.db, { experimentId, userId: author })).map((s) => s.id)).toContain(share.id);
  });

  it('refuses an expired token, an unknown one, and a malformed one with different errors', async () => {
    const share = await createShare(app.db, { experimentId, userId: author, expiresInDays: 1 });
    await app.db.update(experimentShares).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(experimentShares.id, share.id));
    await expect(experimentForToken(app.db, share.token)).rejects.toMatchObject({ code: 'gone', message: expect.stringMatching(/^this share link expired on \d{4}-\d{2}-\d{2}$/) });
    await expect(experimentForToken(app.db, 'A'.repeat(43))).rejects.toMatchObject({ code: 'not_found' });
    await expect(experimentForToken(app.db, "x' or 1=1 --")).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lets only the author share, list and revoke', async () => {
    await expect(createShare(app.db, { experimentId, userId: other, expiresInDays: 7 })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listShares(app.db, { experimentId, userId: other })).rejects.toMatchObject({ code: 'forbidden' });
    const share = await createShare(app.db, { experimentId, userId: author, expiresInDays: 7 });
    await expect(revokeShare(app.db, { experimentId, shareId: share.id, userId: other })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(revokeShare(app.db, { experimentId, shareId: 'sh_nope', userId: author })).rejects.toMatchObject({ code: 'not_found' });
    expect(await experimentForToken(app.db, share.token)).toBe(experimentId);
  });

  it('forks an experiment into a new notebook at exactly its cells and sandbox, remembering the parent', async () => {
    const { notebookId } = await forkExperiment(app.db, { id: experimentId, userId: other });
    const fork = await getNotebookOrThrow(app.db, notebookId);
    const artifact = exampleArtifact();
    expect(fork).toMatchObject({ ownerId: other, title: 'Repeat buyers, first cut (fork)', forkedFrom: experimentId, revision: 1 });
    expect(fork.cells).toEqual(artifact.content.cells);
    expect(fork.sandbox).toEqual(artifact.content.sandbox.spec);
    expect(await actions()).toContain('experiment.forked');
    await expect(forkExperiment(app.db, { id: 'f'.repeat(64), userId: other })).rejects.toMatchObject({ code: 'not_found' });
  });
});
