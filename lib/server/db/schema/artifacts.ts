import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Annotations, ArtifactContent } from '@/lib/artifact/schema';
import type { StoredReplay } from '@/lib/artifact/replay';
import { jobs } from './jobs';
import { users } from './auth';
import { notebooks } from './notebooks';

/** One recorded experiment artifact, keyed by the sha-256 of its canonical content. Immutable: triggers
 * refuse UPDATE, DELETE and TRUNCATE (firing ALWAYS). `annotations` are those it was recorded with;
 * later edits and archiving are rows of `experiment_states`. */
export const experiments = pgTable(
  'experiments',
  {
    id: text('id').primaryKey(),
    notebookId: text('notebook_id').notNull().references(() => notebooks.id),
    authorId: text('author_id').notNull().references(() => users.id),
    format: text('format').notNull(),
    content: jsonb('content').$type<ArtifactContent>().notNull(),
    annotations: jsonb('annotations').$type<Annotations>().notNull(),
    /** UTF-8 length of the canonical content, the bytes the id hashes. */
    byteSize: integer('byte_size').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('experiments_notebook_idx').on(t.notebookId),
    index('experiments_author_idx').on(t.authorId),
    // The list's keyset order, newest first (scanned backwards), id breaking ties.
    index('experiments_created_idx').on(t.createdAt, t.id),
  ],
);

/** Append-only too: every annotation edit or archiving is a new row carrying the whole state, and the
 * experiment's current state is its latest row (none: as recorded, not archived). */
export const experimentStates = pgTable(
  'experiment_states',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    experimentId: text('experiment_id').notNull().references(() => experiments.id),
    actorId: text('actor_id').notNull().references(() => users.id),
    annotations: jsonb('annotations').$type<Annotations>().notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('experiment_states_experiment_idx').on(t.experimentId, t.seq)],
);

/** A replay's outcome, one row per finished replay job (append-only: a re-run adds a row). `status` is
 * the ReplayResult's, or `failed` when the job itself could not finish (its `error` says why). */
export const experimentReplays = pgTable(
  'experiment_replays',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    experimentId: text('experiment_id').notNull().references(() => experiments.id),
    jobId: bigint('job_id', { mode: 'number' }).references(() => jobs.id),
    status: text('status', { enum: ['match', 'mismatch', 'error', 'failed'] }).notNull(),
    result: jsonb('result').$type<StoredReplay>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('experiment_replays_experiment_idx').on(t.experimentId, t.seq)],
);

/** A link that lets someone without an account open one experiment read-only. Only the sha-256 of the
 * token is stored; the token itself is shown once. Revoking sets `revoked_at` (audited). */
export const experimentShares = pgTable(
  'experiment_shares',
  {
    id: text('id').primaryKey(),
    experimentId: text('experiment_id').notNull().references(() => experiments.id),
    tokenHash: text('token_hash').notNull(),
    createdBy: text('created_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by').references(() => users.id),
  },
  (t) => [uniqueIndex('experiment_shares_token_idx').on(t.tokenHash), index('experiment_shares_experiment_idx').on(t.experimentId)],
);
