import { createStore, del, get, set } from 'idb-keyval';
import { z } from 'zod';
import { CheckCell, ChartCell, MarkdownCell, SqlCell, type Cell } from '@/lib/notebook/schema';
import { SandboxSpec } from '@/lib/synth/spec';

/** A half-typed model name is exactly what a draft must keep (the server may have refused to save
 * it), so names are only bounded here; the shape of every cell is still checked. */
const unsavedName = z.string().max(200);
const DraftCell: z.ZodType<Cell> = z.discriminatedUnion('kind', [
  SqlCell.extend({ name: unsavedName }),
  MarkdownCell,
  CheckCell.extend({ model: unsavedName }),
  ChartCell.extend({ model: unsavedName }),
]);

export const Draft = z.object({
  /** The server revision the edits started from. */
  baseRevision: z.number().int().nonnegative(),
  cells: z.array(DraftCell).max(500),
  sandbox: SandboxSpec.nullable(),
  savedAt: z.date(),
});
export type Draft = z.infer<typeof Draft>;

/** Where drafts live: IndexedDB in the browser; tests pass their own. */
export type DraftStorage = {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
};

let indexedDb: DraftStorage | undefined;

/** A store of its own, so clearing drafts can never touch another feature's keys. Opened on first
 * use: the module is also evaluated during server rendering, where there is no IndexedDB. */
function browserStorage(): DraftStorage {
  if (!indexedDb) {
    const store = createStore('assay-drafts', 'drafts');
    indexedDb = { get: (key) => get(key, store), set: (key, value) => set(key, value, store), del: (key) => del(key, store) };
  }
  return indexedDb;
}

export async function saveDraft(notebookId: string, draft: Draft, storage = browserStorage()): Promise<void> {
  await storage.set(notebookId, draft);
}

/** The draft for a notebook, or null. Whatever fails to parse (an older format, a damaged entry) is
 * removed rather than offered: restoring it could only put broken cells into the editor. */
export async function loadDraft(notebookId: string, storage = browserStorage()): Promise<Draft | null> {
  const stored = await storage.get(notebookId);
  if (stored === undefined) return null;
  const draft = Draft.safeParse(stored);
  if (draft.success) return draft.data;
  await storage.del(notebookId);
  return null;
}

export async function clearDraft(notebookId: string, storage = browserStorage()): Promise<void> {
  await storage.del(notebookId);
}

/** Whether restoring the draft would change anything. The revision does not decide it: a draft that
 * equals what the server holds is nothing to offer, whichever revision it started from. */
export function draftDiffers(draft: Draft, server: { revision: number; cells: Cell[]; sandbox: SandboxSpec | null }): boolean {
  return canonical({ cells: draft.cells, sandbox: draft.sandbox }) !== canonical({ cells: server.cells, sandbox: server.sandbox });
}

/** JSON with sorted keys and without undefined members: PostgreSQL's jsonb reorders keys, and an
 * absent `collapsed` must equal `collapsed: undefined`. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).filter(([, member]) => member !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
