import { bigint, bigserial, doublePrecision, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { SampleTable } from '@/lib/samples/manifest';
import { users } from './auth';
import { datasets } from './catalog';
import { jobs } from './jobs';

/** A drawn sample of production, masked: its id is a hash of what it was drawn from (snapshots,
 * contract versions, seed, rate), so the same request names the same sample. Its tables are Arrow
 * files in the data directory. Append-only (triggers): a sample never changes once drawn. */
export const samples = pgTable(
  'samples',
  {
    id: text('id').primaryKey(),
    seed: integer('seed').notNull(),
    rate: doublePrecision('rate').notNull(),
    tables: jsonb('tables').$type<SampleTable[]>().notNull(),
    rowCount: bigint('row_count', { mode: 'number' }).notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    createdBy: text('created_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    jobId: bigint('job_id', { mode: 'number' }).notNull().references(() => jobs.id),
  },
  // The list's keyset order, newest first.
  (t) => [index('samples_created_idx').on(t.createdAt, t.id)],
);

export const PII_EXCEPTION_ACTIONS = ['granted', 'revoked'] as const;

/** A steward's exception letting one `pii` column out of the warehouse unmasked in samples, and its
 * revocation: the latest row of a column says whether it holds. Append-only, and audited. */
export const piiExceptions = pgTable(
  'pii_exceptions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    datasetId: text('dataset_id').notNull().references(() => datasets.id),
    columnName: text('column_name').notNull(),
    action: text('action', { enum: PII_EXCEPTION_ACTIONS }).notNull(),
    reason: text('reason').notNull(),
    actorId: text('actor_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pii_exceptions_dataset_idx').on(t.datasetId, t.columnName, t.id)],
);
