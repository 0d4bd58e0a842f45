import { bigint, doublePrecision, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { SampleTable } from '@/lib/samples/manifest';
import { users } from './auth';
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
