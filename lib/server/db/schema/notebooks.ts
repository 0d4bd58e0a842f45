import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Cell } from '@/lib/notebook/schema';
import type { SandboxSpec } from '@/lib/synth/spec';
import { users } from './auth';

export const notebooks = pgTable(
  'notebooks',
  {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  ownerId: text('owner_id').notNull().references(() => users.id),
  /** Compare-and-swap target for saves: a save names the revision it was based on. */
  currentRevision: integer('current_revision').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** Last time someone ran the notebook in their browser (run state itself lives in the browser). */
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
  lastRunBy: text('last_run_by').references(() => users.id),
  /** The experiment this notebook was forked from: recordings made in it name that artifact as parent.
   * Not a foreign key, to keep notebooks.ts free of the artifacts tables; the fork route checks it. */
  forkedFrom: text('forked_from'),
},
  // The list's keyset order, most recently changed first (scanned backwards), id breaking ties.
  (t) => [index('notebooks_updated_idx').on(t.updatedAt, t.id)],
);

/** Immutable: a trigger refuses UPDATE and DELETE. */
export const notebookRevisions = pgTable(
  'notebook_revisions',
  {
    notebookId: text('notebook_id').notNull().references(() => notebooks.id),
    revision: integer('revision').notNull(),
    cells: jsonb('cells').$type<Cell[]>().notNull(),
    sandbox: jsonb('sandbox').$type<SandboxSpec>(),
    authorId: text('author_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.notebookId, t.revision] })],
);
