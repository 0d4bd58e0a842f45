import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { NotebookId } from '@/lib/notebook/ids';
import type { Cell } from '@/lib/notebook/schema';
import type { SandboxSpec } from '@/lib/synth/spec';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db } from '@/lib/server/db/client';
import { notebookRevisions, notebooks, users } from '@/lib/server/db/schema';

export type NotebookSummary = { id: string; title: string; ownerId: string; ownerName: string; revision: number; updatedAt: Date };
export type Notebook = NotebookSummary & { cells: Cell[]; sandbox: SandboxSpec | null };

const summaryColumns = {
  id: notebooks.id,
  title: notebooks.title,
  ownerId: notebooks.ownerId,
  ownerName: users.name,
  revision: notebooks.currentRevision,
  updatedAt: notebooks.updatedAt,
};

export async function createNotebook(db: Db, input: { ownerId: string; title: string; cells?: Cell[]; sandbox?: SandboxSpec | null }): Promise<Notebook> {
  const id = NotebookId.create();
  const cells = input.cells ?? [];
  await db.transaction(async (tx) => {
    await tx.insert(notebooks).values({ id, title: input.title, ownerId: input.ownerId, currentRevision: 1 });
    await tx.insert(notebookRevisions).values({ notebookId: id, revision: 1, cells, sandbox: input.sandbox ?? null, authorId: input.ownerId });
    await appendAudit(tx, { actorId: input.ownerId, action: 'notebook.created', objectType: 'notebook', objectId: id, details: { title: input.title } });
  });
  return getNotebookOrThrow(db, id);
}

export async function listNotebooks(db: Db): Promise<NotebookSummary[]> {
  return db
    .select(summaryColumns)
    .from(notebooks)
    .innerJoin(users, eq(users.id, notebooks.ownerId))
    .orderBy(desc(notebooks.updatedAt));
}

export async function getNotebookOrThrow(db: Db, id: string): Promise<Notebook> {
  const [row] = await db
    .select({ ...summaryColumns, cells: notebookRevisions.cells, sandbox: notebookRevisions.sandbox })
    .from(notebooks)
    .innerJoin(users, eq(users.id, notebooks.ownerId))
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
