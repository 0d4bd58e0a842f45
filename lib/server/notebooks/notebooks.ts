import 'server-only';
import { and, desc, eq, ilike } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { PageQuery } from '@/lib/pagination/query';
import { NotebookId } from '@/lib/notebook/ids';
import { CreateNotebookBody, type Cell } from '@/lib/notebook/schema';
import type { SandboxSpec } from '@/lib/synth/spec';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import { notebookRevisions, notebooks, users } from '@/lib/server/db/schema';
import { afterKey, exactTime, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';

export type NotebookSummary = {
  id: string;
  title: string;
  ownerId: string;
  ownerName: string;
  revision: number;
  updatedAt: Date;
  lastRunAt: Date | null;
  lastRunByName: string | null;
  /** The experiment this notebook was forked from (its recordings name it as their parent). */
  forkedFrom: string | null;
};
export type Notebook = NotebookSummary & { cells: Cell[]; sandbox: SandboxSpec | null };

/** `?q=` of the notebook list: a case-insensitive piece of the title. */
export const NotebookSearch = z.object({
  q: z.string().trim().max(200, 'a search is at most 200 characters').optional(),
});
/** The notebook list's page size. */
export const NotebookPage = PageQuery({ defaultLimit: 50, maxLimit: 200 });
/** Same rule for a title as when the notebook was created. */
export const RenameNotebookBody = z.object({ title: CreateNotebookBody.shape.title });
/** What one "run all" did in the browser; the run's results stay in the browser. */
export const RecordRunBody = z
  .object({ cells: z.number().int().min(0).max(500), failed: z.number().int().min(0).max(500) })
  .refine((run) => run.failed <= run.cells, { path: ['failed'], message: 'more cells failed than ran' });

const lastRunner = alias(users, 'last_runner');

const summaryColumns = {
  id: notebooks.id,
  title: notebooks.title,
  ownerId: notebooks.ownerId,
  ownerName: users.name,
  revision: notebooks.currentRevision,
  updatedAt: notebooks.updatedAt,
  lastRunAt: notebooks.lastRunAt,
  lastRunByName: lastRunner.name,
  forkedFrom: notebooks.forkedFrom,
};

export type NewNotebook = { ownerId: string; title: string; cells?: Cell[]; sandbox?: SandboxSpec | null; forkedFrom?: string };

/** Inside `tx` when given (a fork creates its notebook in the transaction that checks the experiment). */
export async function insertNotebook(tx: Db | Tx, input: NewNotebook): Promise<string> {
  const id = NotebookId.create();
  const forkedFrom = input.forkedFrom ?? null;
  await tx.insert(notebooks).values({ id, title: input.title, ownerId: input.ownerId, currentRevision: 1, forkedFrom });
  await tx.insert(notebookRevisions).values({ notebookId: id, revision: 1, cells: input.cells ?? [], sandbox: input.sandbox ?? null, authorId: input.ownerId });
  await appendAudit(tx, {
    actorId: input.ownerId,
    action: 'notebook.created',
    objectType: 'notebook',
    objectId: id,
    details: { title: input.title, ...(forkedFrom ? { forkedFrom } : {}) },
  });
  return id;
}

export async function createNotebook(db: Db, input: NewNotebook): Promise<Notebook> {
  const id = await db.transaction((tx) => insertNotebook(tx, input));
  return getNotebookOrThrow(db, id);
}

/** Most recently changed first, one page; `q` matches anywhere in the title, ignoring case, and `%` or
 * `_` in it are literal. */
export async function listNotebooks(db: Db, filter: { q?: string }, page: PageRequest): Promise<KeyedPage<NotebookSummary>> {
  const q = filter.q?.trim();
  const rows = await db
    .select({ ...summaryColumns, cursorAt: exactTime(notebooks.updatedAt) })
    .from(notebooks)
    .innerJoin(users, eq(users.id, notebooks.ownerId))
    .leftJoin(lastRunner, eq(lastRunner.id, notebooks.lastRunBy))
    .where(
      and(
        q ? ilike(notebooks.title, `%${escapeLike(q)}%`) : undefined,
        afterKey(page, 'desc', [
          [notebooks.updatedAt, 'timestamptz'],
          [notebooks.id, 'text'],
        ]),
      ),
    )
    .orderBy(desc(notebooks.updatedAt), desc(notebooks.id))
    .limit(page.limit + 1);
  const keyed = keyedPage(rows, page, (row) => [row.cursorAt, row.id]);
  return { ...keyed, items: keyed.items.map(({ cursorAt: _cursorAt, ...row }) => row) };
}

/** Backslash is PostgreSQL's default LIKE escape character. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

export async function getNotebookOrThrow(db: Db, id: string): Promise<Notebook> {
  const [row] = await db
    .select({ ...summaryColumns, cells: notebookRevisions.cells, sandbox: notebookRevisions.sandbox })
    .from(notebooks)
    .innerJoin(users, eq(users.id, notebooks.ownerId))
    .leftJoin(lastRunner, eq(lastRunner.id, notebooks.lastRunBy))
    .innerJoin(
      notebookRevisions,
      and(eq(notebookRevisions.notebookId, notebooks.id), eq(notebookRevisions.revision, notebooks.currentRevision)),
    )
    .where(eq(notebooks.id, id));
  if (!row) throw new AppError('not_found', `notebook ${id} does not exist`);
  return row;
}

/** Optimistic concurrency: the save names the revision it started from, and the pointer only moves
 * when that is still the current one. A losing save changes nothing and gets the winner back. */
export async function saveRevision(
  db: Db,
  input: { notebookId: string; userId: string; baseRevision: number; cells: Cell[]; sandbox?: SandboxSpec | null },
): Promise<{ revision: number }> {
  const current = await getNotebookOrThrow(db, input.notebookId);
  if (current.ownerId !== input.userId) {
    throw new AppError('forbidden', 'only the owner of a notebook can save it; fork it to make your own copy');
  }
  const next = input.baseRevision + 1;
  const saved = await db.transaction(async (tx) => {
    const moved = await tx
      .update(notebooks)
      .set({ currentRevision: next, updatedAt: new Date() })
      .where(and(eq(notebooks.id, input.notebookId), eq(notebooks.currentRevision, input.baseRevision)))
      .returning({ id: notebooks.id });
    if (moved.length === 0) return false;
    await tx.insert(notebookRevisions).values({ notebookId: input.notebookId, revision: next, cells: input.cells, sandbox: input.sandbox ?? null, authorId: input.userId });
    await appendAudit(tx, { actorId: input.userId, action: 'notebook.saved', objectType: 'notebook', objectId: input.notebookId, details: { revision: next } });
    return true;
  });
  if (!saved) {
    const latest = await getNotebookOrThrow(db, input.notebookId);
    throw new AppError(
      'revision_conflict',
      `the notebook was saved elsewhere (revision ${latest.revision}) after revision ${input.baseRevision} that this edit started from`,
      { currentRevision: latest.revision, cells: latest.cells, sandbox: latest.sandbox },
    );
  }
  return { revision: next };
}

/** Only the owner renames; the row is locked so the audit names the title that was really replaced. */
export async function renameNotebook(db: Db, input: { notebookId: string; userId: string; title: string }): Promise<Notebook> {
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ title: notebooks.title, ownerId: notebooks.ownerId })
      .from(notebooks)
      .where(eq(notebooks.id, input.notebookId))
      .for('update');
    if (!current) throw new AppError('not_found', `notebook ${input.notebookId} does not exist`);
    if (current.ownerId !== input.userId) throw new AppError('forbidden', 'only the owner of a notebook can rename it');
    if (current.title === input.title) return;
    await tx.update(notebooks).set({ title: input.title, updatedAt: new Date() }).where(eq(notebooks.id, input.notebookId));
    await appendAudit(tx, {
      actorId: input.userId,
      action: 'notebook.renamed',
      objectType: 'notebook',
      objectId: input.notebookId,
      details: { from: current.title, to: input.title },
    });
  });
  return getNotebookOrThrow(db, input.notebookId);
}

/** Notes that someone ran the notebook, for the list's "Last run". Anyone signed in may open and run
 * any notebook, so anyone signed in may record a run. Not audited: a run changes no state anyone
 * relies on (results stay in the browser), and an entry per run would bury the events that matter.
 * Nor does it touch `updatedAt`, which means "last edited". The counts are checked at the edge but not
 * kept: the notebooks table has no column for them, and the list shows only when and by whom. */
export async function recordRun(db: Db, input: { notebookId: string; userId: string; cells: number; failed: number }): Promise<void> {
  const updated = await db
    .update(notebooks)
    .set({ lastRunAt: new Date(), lastRunBy: input.userId })
    .where(eq(notebooks.id, input.notebookId))
    .returning({ id: notebooks.id });
  if (updated.length === 0) throw new AppError('not_found', `notebook ${input.notebookId} does not exist`);
}
