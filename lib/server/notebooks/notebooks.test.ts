import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { Cell } from '@/lib/notebook/schema';
import { auditEvents } from '@/lib/server/db/schema';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import type { SandboxSpec } from '@/lib/synth/spec';
import { createNotebook, getNotebookOrThrow, listNotebooks, recordRun, renameNotebook, saveRevision } from './notebooks';

const FIRST_PAGE = { after: null, limit: 200 };

/** Drizzle wraps the driver's error; the database's own message is on `cause`. */
const refusal = (query: Promise<unknown>) =>
  query.then(
    () => 'accepted',
    (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
  );

const cell = (source: string): Cell => ({ id: 'c1', kind: 'sql', name: 'answer', source });
const sandbox: SandboxSpec = { kind: 'synthetic', generatorVersion: 1, seed: 7, rows: { orders: 500 } };

describe.each(TEST_DATABASES)('notebooks on %s', (kind) => {
  let app: TestApp;
  let owner: string;
  let other: string;

  beforeAll(async () => {
    app = await openTestApp(kind);
    owner = (await createUser(app.auth, app.db, { email: 'owner@x.test', name: 'Owner', password: 'long-enough-pw', roles: ['analyst'] })).id;
    other = (await createUser(app.auth, app.db, { email: 'other@x.test', name: 'Other', password: 'long-enough-pw', roles: ['analyst'] })).id;
  });
  afterAll(() => app.close());

  it('saves each edit as the next revision and reads back the latest', async () => {
    const nb = await createNotebook(app.db, { ownerId: owner, title: 'First', cells: [cell('select 1')] });
    expect(nb.revision).toBe(1);
    expect(await saveRevision(app.db, { notebookId: nb.id, userId: owner, baseRevision: 1, cells: [cell('select 2')] })).toEqual({ revision: 2 });
    const latest = await getNotebookOrThrow(app.db, nb.id);
    expect(latest.revision).toBe(2);
    expect(latest.cells).toEqual([cell('select 2')]);
  });

  it('refuses a save based on a stale revision, returns the winner and changes nothing', async () => {
    const nb = await createNotebook(app.db, { ownerId: owner, title: 'Race', cells: [cell('select 1')] });
    await saveRevision(app.db, { notebookId: nb.id, userId: owner, baseRevision: 1, cells: [cell('select "tab A"')] });
    const losing = saveRevision(app.db, { notebookId: nb.id, userId: owner, baseRevision: 1, cells: [cell('select "tab B"')] });
    await expect(losing).rejects.toMatchObject({
      code: 'revision_conflict',
      details: { currentRevision: 2, cells: [cell('select "tab A"')] },
    });
    expect((await getNotebookOrThrow(app.db, nb.id)).cells).toEqual([cell('select "tab A"')]);
  });

  it('lets exactly one of two concurrent saves from the same revision win', async () => {
    const nb = await createNotebook(app.db, { ownerId: owner, title: 'Concurrent' });
    const results = await Promise.allSettled([
      saveRevision(app.db, { notebookId: nb.id, userId: owner, baseRevision: 1, cells: [cell('select 1')] }),
      saveRevision(app.db, { notebookId: nb.id, userId: owner, baseRevision: 1, cells: [cell('select 2')] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(AppError);
    expect((await getNotebookOrThrow(app.db, nb.id)).revision).toBe(2);
  });

  it("refuses to save someone else's notebook", async () => {
    const nb = await createNotebook(app.db, { ownerId: owner, title: 'Mine' });
    await expect(saveRevision(app.db, { notebookId: nb.id, userId: other, baseRevision: 1, cells: [] })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await getNotebookOrThrow(app.db, nb.id)).revision).toBe(1);
  });

  it('keeps the sandbox spec with the revision it was saved in', async () => {
    const nb = await createNotebook(app.db, { ownerId: owner, title: 'Sandboxed' });
    expect(nb.sandbox).toBeNull();
    await saveRevision(app.db, { notebookId: nb.id, userId: owner, baseRevision: 1, cells: [], sandbox });
    expect((await getNotebookOrThrow(app.db, nb.id)).sandbox).toEqual(sandbox);
    await saveRevision(app.db, { notebookId: nb.id, userId: owner, baseRevision: 2, cells: [] });
    expect((await getNotebookOrThrow(app.db, nb.id)).sandbox).toBeNull();
  });

  it('finds notebooks by any part of the title, ignoring case, with % and _ taken literally', async () => {
    await createNotebook(app.db, { ownerId: owner, title: 'Churn 100% cohort' });
    await createNotebook(app.db, { ownerId: other, title: 'churn 1000 cohort' });
    await createNotebook(app.db, { ownerId: owner, title: 'snake_case search' });
    await createNotebook(app.db, { ownerId: owner, title: 'snakeXcase search' });
    const titles = async (q?: string) => (await listNotebooks(app.db, { q }, FIRST_PAGE)).items.map((n) => n.title).sort();
    expect(await titles('CHURN')).toEqual(['Churn 100% cohort', 'churn 1000 cohort']);
    expect(await titles('100%')).toEqual(['Churn 100% cohort']);
    expect(await titles('e_c')).toEqual(['snake_case search']);
    expect(await titles('\\')).toEqual([]);
    expect(await titles('no such notebook')).toEqual([]);
    expect(await titles('  ')).toEqual(await titles());
    const [churn] = (await listNotebooks(app.db, { q: 'churn 1000' }, FIRST_PAGE)).items;
    expect(churn).toMatchObject({ ownerName: 'Other', revision: 1, lastRunAt: null, lastRunByName: null });
  });

  it('lets the owner rename a notebook and audits the old and new title', async () => {
    const nb = await createNotebook(app.db, { ownerId: owner, title: 'Draft name' });
    const renamed = await renameNotebook(app.db, { notebookId: nb.id, userId: owner, title: 'Final name' });
    expect(renamed).toMatchObject({ id: nb.id, title: 'Final name', revision: 1 });
    expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(nb.updatedAt.getTime());
    const events = await app.db
      .select({ actorId: auditEvents.actorId, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, nb.id), eq(auditEvents.action, 'notebook.renamed')));
    expect(events).toEqual([{ actorId: owner, details: { from: 'Draft name', to: 'Final name' } }]);
  });

  it("refuses to rename someone else's notebook or one that does not exist, and changes nothing", async () => {
    const nb = await createNotebook(app.db, { ownerId: owner, title: 'Not yours' });
    await expect(renameNotebook(app.db, { notebookId: nb.id, userId: other, title: 'Taken' })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'only the owner of a notebook can rename it',
    });
    await expect(renameNotebook(app.db, { notebookId: 'nb_doesnotexist000', userId: owner, title: 'Ghost' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'notebook nb_doesnotexist000 does not exist',
    });
    expect((await getNotebookOrThrow(app.db, nb.id)).title).toBe('Not yours');
    const renames = await app.db.select().from(auditEvents).where(and(eq(auditEvents.objectId, nb.id), eq(auditEvents.action, 'notebook.renamed')));
    expect(renames).toEqual([]);
  });

  it('records who ran a notebook last, without auditing it or counting it as an edit', async () => {
    const nb = await createNotebook(app.db, { ownerId: owner, title: 'Run me' });
    await recordRun(app.db, { notebookId: nb.id, userId: owner, cells: 3, failed: 0 });
    await recordRun(app.db, { notebookId: nb.id, userId: other, cells: 3, failed: 1 });
    const [listed] = (await listNotebooks(app.db, { q: 'Run me' }, FIRST_PAGE)).items;
    expect(listed).toMatchObject({ lastRunByName: 'Other', updatedAt: nb.updatedAt });
    expect(listed?.lastRunAt).toBeInstanceOf(Date);
    expect((await getNotebookOrThrow(app.db, nb.id)).lastRunByName).toBe('Other');
    const events = await app.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.objectId, nb.id));
    expect(events).toEqual([{ action: 'notebook.created' }]);
    await expect(recordRun(app.db, { notebookId: 'nb_doesnotexist000', userId: owner, cells: 1, failed: 0 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('names a missing notebook', async () => {
    await expect(getNotebookOrThrow(app.db, 'nb_doesnotexist000')).rejects.toMatchObject({ code: 'not_found', message: 'notebook nb_doesnotexist000 does not exist' });
  });

  it('keeps revisions and audit events append-only, even for a replication-role session', async () => {
    const nb = await createNotebook(app.db, { ownerId: owner, title: 'Immutable' });
    expect(await refusal(app.db.execute(sql`UPDATE notebook_revisions SET cells = '[]' WHERE notebook_id = ${nb.id}`))).toMatch(/append-only/);
    expect(await refusal(app.db.execute(sql`DELETE FROM notebook_revisions WHERE notebook_id = ${nb.id}`))).toMatch(/append-only/);
    expect(await refusal(app.db.execute(sql`UPDATE audit_events SET action = 'forged'`))).toMatch(/append-only/);
    expect(await refusal(app.db.execute(sql`TRUNCATE audit_events`))).toMatch(/append-only/);
    const asReplica = app.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`DELETE FROM audit_events`);
    });
    expect(await refusal(asReplica)).toMatch(/append-only/);
    const events = await app.db.select().from(auditEvents);
    expect(events.map((e) => e.action)).toContain('notebook.created');
  });
});
