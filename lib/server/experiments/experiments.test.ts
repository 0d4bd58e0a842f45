import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleArtifact } from '@/lib/artifact/example';
import { verifyArtifact } from '@/lib/artifact/id';
import { MAX_ARTIFACT_BYTES, type Artifact } from '@/lib/artifact/schema';
import { auditEvents, experimentStates, experiments } from '@/lib/server/db/schema';
import { createNotebook } from '@/lib/server/notebooks/notebooks';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import { archiveExperiment, getExperimentOrThrow, listExperiments, storeExperiment } from './experiments';

const FIRST_PAGE = { after: null, limit: 200 };

/** Drizzle wraps the driver's error; the database's own message is on `cause`. */
const refusal = (query: Promise<unknown>) =>
  query.then(
    () => 'accepted',
    (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
  );

/** The same JSON with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reverseKeys(inner)]));
}

describe.each(TEST_DATABASES)('experiments on %s', (kind) => {
  let app: TestApp;
  let author: string;
  let other: string;
  let notebookId: string;

  /** The example artifact, made to belong to a notebook and an author that exist here. */
  const artifact = (change: (a: Artifact) => void = () => {}): Artifact => {
    const a = exampleArtifact();
    a.content.notebook.id = notebookId;
    a.content.author = { id: author, name: 'Ana Analyst' };
    change(a);
    return a;
  };
  const countRows = async () => (await app.db.select({ id: experiments.id }).from(experiments)).length;

  beforeAll(async () => {
    app = await openTestApp(kind);
    author = (await createUser(app.auth, app.db, { email: 'ana@x.test', name: 'Ana Analyst', password: 'long-enough-pw', roles: ['analyst'] })).id;
    other = (await createUser(app.auth, app.db, { email: 'other@x.test', name: 'Other', password: 'long-enough-pw', roles: ['analyst'] })).id;
    notebookId = (await createNotebook(app.db, { ownerId: author, title: 'Repeat buyers' })).id;
  });
  afterAll(() => app.close());

  it('stores an artifact and reads back exactly the content its id hashes', async () => {
    const sent = artifact();
    const { id, created } = await storeExperiment(app.db, { json: sent, authorId: author });
    expect(created).toBe(true);
    const stored = await getExperimentOrThrow(app.db, id);
    expect(stored).toMatchObject({ id, notebookId, notebookRevision: 7, authorId: author, authorName: 'Ana Analyst', archivedAt: null });
    expect(stored.content).toEqual(sent.content);
    expect(stored.annotations).toEqual(sent.annotations);
    const again = await verifyArtifact({ format: stored.format, content: stored.content, annotations: stored.annotations }, id);
    expect(again.ok).toBe(true);
    const audit = await app.db.select().from(auditEvents).where(eq(auditEvents.objectId, id));
    expect(audit.map((e) => e.action)).toEqual(['experiment.recorded']);
  });

  it('answers the same id for the same content, whatever the key order or annotations, and stores it once', async () => {
    const first = await storeExperiment(app.db, { json: artifact((a) => (a.content.seeds = { sandbox: 1 })), authorId: author });
    const reordered = artifact((a) => {
      a.content.seeds = { sandbox: 1 };
      a.annotations.title = 'Same run, other title';
    });
    const second = await storeExperiment(app.db, { json: reverseKeys(reordered), authorId: author });
    expect(second).toEqual({ id: first.id, created: false });
    expect((await getExperimentOrThrow(app.db, first.id)).title).toBe('Repeat buyers, first cut');
    expect(await app.db.select().from(experiments).where(eq(experiments.id, first.id))).toHaveLength(1);
    expect(await app.db.select().from(auditEvents).where(eq(auditEvents.objectId, first.id))).toHaveLength(1);
  });

  it('records one of two concurrent stores of the same content and answers both with its id', async () => {
    const same = () => artifact((a) => (a.content.seeds = { sandbox: 5 }));
    const results = await Promise.all([storeExperiment(app.db, { json: same(), authorId: author }), storeExperiment(app.db, { json: same(), authorId: author })]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results[0]!.id).toBe(results[1]!.id);
    expect(await app.db.select().from(auditEvents).where(eq(auditEvents.objectId, results[0]!.id))).toHaveLength(1);
  });

  it('refuses tampered content, an unknown format, an invalid artifact and an oversized one, storing nothing', async () => {
    const { id } = await storeExperiment(app.db, { json: artifact(), authorId: author });
    const before = await countRows();
    const tampered = artifact((a) => (a.content.models[1]!.rowCount = 656));
    await expect(storeExperiment(app.db, { json: tampered, authorId: author, claimedId: id })).rejects.toMatchObject({
      code: 'artifact_hash_mismatch',
      status: 422,
    });
    await expect(storeExperiment(app.db, { json: { ...artifact(), format: 'assay.experiment/v9' }, authorId: author })).rejects.toMatchObject({
      code: 'artifact_unknown_format',
    });
    await expect(storeExperiment(app.db, { json: artifact((a) => (a.content.notebook.revision = -1)), authorId: author })).rejects.toMatchObject({
      code: 'artifact_invalid',
      message: expect.stringMatching(/^content\.notebook\.revision: /),
    });
    const huge = artifact((a) => (a.annotations.notes = 'x'.repeat(MAX_ARTIFACT_BYTES)));
    await expect(storeExperiment(app.db, { json: huge, authorId: author })).rejects.toMatchObject({ code: 'payload_too_large', status: 413 });
    expect(await countRows()).toBe(before);
  });

  it('refuses an artifact recorded by someone other than its author, or for a notebook that does not exist', async () => {
    const before = await countRows();
    await expect(storeExperiment(app.db, { json: artifact(), authorId: other })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    const orphan = artifact((a) => (a.content.notebook.id = 'nb_ffffffffffffffff'));
    await expect(storeExperiment(app.db, { json: orphan, authorId: author })).rejects.toMatchObject({
      code: 'artifact_invalid',
      message: 'content.notebook.id: notebook nb_ffffffffffffffff does not exist',
    });
    expect(await countRows()).toBe(before);
  });

  it('finds experiments by author, notebook, a piece of the title or a whole tag', async () => {
    const { id } = await storeExperiment(app.db, {
      json: artifact((a) => {
        a.content.seeds = { sandbox: 2 };
        a.annotations = { title: 'Churn 100% check', hypothesis: '', notes: '', tags: ['churn'] };
      }),
      authorId: author,
    });
    const ids = async (filter: Parameters<typeof listExperiments>[1]) => (await listExperiments(app.db, filter, FIRST_PAGE)).items.map((e) => e.id);
    expect(await ids({ q: 'CHURN 100%' })).toEqual([id]);
    expect(await ids({ q: 'churn' })).toEqual([id]);
    expect(await ids({ q: 'retention' })).not.toContain(id);
    expect(await ids({ q: 'retention' })).not.toHaveLength(0);
    expect(await ids({ q: '0%' })).toEqual([id]);
    expect(await ids({ q: '_' })).toEqual([]);
    expect(await ids({ authorId: other })).toEqual([]);
    expect(await ids({ notebookId, authorId: author })).toContain(id);
    const [summary] = (await listExperiments(app.db, { q: 'churn' }, FIRST_PAGE)).items;
    expect(summary).toMatchObject({ title: 'Churn 100% check', tags: ['churn'], notebookRevision: 7, authorName: 'Ana Analyst' });
    expect(summary).not.toHaveProperty('content');
  });

  it('archives for the author only, hides the experiment from the default list and deletes nothing', async () => {
    const { id } = await storeExperiment(app.db, { json: artifact((a) => (a.content.seeds = { sandbox: 3 })), authorId: author });
    await expect(archiveExperiment(app.db, { id, userId: other })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(archiveExperiment(app.db, { id: 'f'.repeat(64), userId: author })).rejects.toMatchObject({ code: 'not_found' });
    expect((await listExperiments(app.db, {}, FIRST_PAGE)).items.map((e) => e.id)).toContain(id);
    const archived = await archiveExperiment(app.db, { id, userId: author });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect(archived.title).toBe('Repeat buyers, first cut');
    await archiveExperiment(app.db, { id, userId: author });
    expect((await listExperiments(app.db, {}, FIRST_PAGE)).items.map((e) => e.id)).not.toContain(id);
    expect((await listExperiments(app.db, { includeArchived: true }, FIRST_PAGE)).items.map((e) => e.id)).toContain(id);
    expect((await getExperimentOrThrow(app.db, id)).archivedAt).toEqual(archived.archivedAt);
    expect(await app.db.select().from(experimentStates).where(eq(experimentStates.experimentId, id))).toHaveLength(1);
    const audit = await app.db.select().from(auditEvents).where(eq(auditEvents.objectId, id));
    expect(audit.map((e) => e.action)).toEqual(['experiment.recorded', 'experiment.archived']);
  });

  it('keeps experiments and their states append-only, even for a replication-role session', async () => {
    const { id } = await storeExperiment(app.db, { json: artifact((a) => (a.content.seeds = { sandbox: 4 })), authorId: author });
    await archiveExperiment(app.db, { id, userId: author });
    expect(await refusal(app.db.execute(sql`UPDATE experiments SET content = '{}' WHERE id = ${id}`))).toMatch(/append-only/);
    expect(await refusal(app.db.execute(sql`UPDATE experiments SET annotations = '{}' WHERE id = ${id}`))).toMatch(/append-only/);
    expect(await refusal(app.db.execute(sql`DELETE FROM experiments WHERE id = ${id}`))).toMatch(/append-only/);
    expect(await refusal(app.db.execute(sql`TRUNCATE experiments CASCADE`))).toMatch(/append-only/);
    expect(await refusal(app.db.execute(sql`UPDATE experiment_states SET archived_at = NULL`))).toMatch(/append-only/);
    expect(await refusal(app.db.execute(sql`DELETE FROM experiment_states`))).toMatch(/append-only/);
    expect(await refusal(app.db.execute(sql`TRUNCATE experiment_states`))).toMatch(/append-only/);
    for (const statement of [sql`UPDATE experiments SET content = '{}' WHERE id = ${id}`, sql`DELETE FROM experiment_states`]) {
      const asReplica = app.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(statement);
      });
      expect(await refusal(asReplica)).toMatch(/append-only/);
    }
    const stored = await getExperimentOrThrow(app.db, id);
    expect((await verifyArtifact({ format: stored.format, content: stored.content, annotations: stored.annotations }, id)).ok).toBe(true);
    expect(stored.archivedAt).toBeInstanceOf(Date);
  });
});
