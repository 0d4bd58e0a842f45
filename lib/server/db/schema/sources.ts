import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { SOURCE_KINDS, type SourceColumn } from '@/lib/sources/types';
import type { DriftChange } from '@/lib/sources/drift';
import { users } from './auth';
import { datasets } from './catalog';
import { jobs } from './jobs';

/** A source database. `secret` is the password sealed with AES-256-GCM (lib/server/sources/secrets.ts);
 * no query that answers an API reads it. Disabling keeps the row (datasets still name it). */
export const connections = pgTable('connections', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
  host: text('host').notNull(),
  port: integer('port').notNull(),
  database: text('database').notNull(),
  userName: text('user_name').notNull(),
  secret: text('secret').notNull(),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdBy: text('created_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const DRIFT_POLICIES = ['block', 'additive'] as const;
export type DriftPolicy = (typeof DRIFT_POLICIES)[number];

/** Which source table a dataset loads from and how. The foreign key (no cascade) is what refuses
 * deleting a connection that datasets use. */
export const datasetSources = pgTable('dataset_sources', {
  datasetId: text('dataset_id').primaryKey().references(() => datasets.id),
  connectionId: text('connection_id').notNull().references(() => connections.id),
  sourceTable: text('source_table').notNull(),
  primaryKey: jsonb('primary_key').$type<string[]>().notNull(),
  cursorColumn: text('cursor_column'),
  /** Re-read this far behind the last watermark (seconds for a time cursor, units for a number). */
  lookback: integer('lookback').notNull().default(0),
  driftPolicy: text('drift_policy', { enum: DRIFT_POLICIES }).notNull(),
  /** A cron pattern (UTC) for scheduled loads, and when the next one is due; null: by hand only. */
  schedule: text('schedule'),
  nextLoadAt: timestamp('next_load_at', { withTimezone: true }),
  /** A steward's snapshot retention: keep the N newest and/or those younger than D days (a snapshot
   * goes when it is outside both); null and null: keep every snapshot. Expiring is by hand only. */
  keepSnapshots: integer('keep_snapshots'),
  keepDays: integer('keep_days'),
  createdBy: text('created_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const SNAPSHOT_STATUSES = ['published', 'quarantined'] as const;
export const LOAD_MODES = ['full', 'incremental'] as const;
export const LOAD_TRIGGERS = ['manual', 'api', 'schedule'] as const;
export type LoadMode = (typeof LOAD_MODES)[number];
export type LoadTrigger = (typeof LOAD_TRIGGERS)[number];

/** One load of a dataset into the warehouse `raw` layer, in its own physical table. Append-only
 * (triggers): a dataset's current snapshot is its latest `published` row; a `quarantined` one was
 * blocked by drift and stays readable for inspection but is never current. */
export const snapshots = pgTable(
  'snapshots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    datasetId: text('dataset_id').notNull().references(() => datasets.id),
    contractVersion: integer('contract_version').notNull(),
    status: text('status', { enum: SNAPSHOT_STATUSES }).notNull(),
    physicalTable: text('physical_table').notNull().unique(),
    mode: text('mode', { enum: LOAD_MODES }).notNull(),
    rowCount: bigint('row_count', { mode: 'number' }).notNull(),
    /** Rows read from the source by this load (all of them for a full load, the changes otherwise). */
    rowsRead: bigint('rows_read', { mode: 'number' }).notNull(),
    fingerprint: text('fingerprint').notNull(),
    watermarkFrom: text('watermark_from'),
    watermarkTo: text('watermark_to'),
    sourceSchema: jsonb('source_schema').$type<SourceColumn[]>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    trigger: text('trigger', { enum: LOAD_TRIGGERS }).notNull(),
    triggeredBy: text('triggered_by').references(() => users.id),
    jobId: bigint('job_id', { mode: 'number' }).notNull().references(() => jobs.id),
    /** Set when the snapshot is stored as a delta: its physical table is then a view over its own
     * changed rows (`<physical_table>__delta`) and this snapshot's rows (docs/sources.md). */
    deltaOf: bigint('delta_of', { mode: 'number' }).references((): AnyPgColumn => snapshots.id),
    /** How many deltas a reader goes through to reach a table: 0 for a table, bounded by the load job. */
    chainDepth: integer('chain_depth').notNull().default(0),
    /** The primary key the rows were checked unique and non-NULL under; null when none was, or it was not. */
    keyChecked: jsonb('key_checked').$type<string[]>(),
  },
  (t) => [index('snapshots_dataset_idx').on(t.datasetId, t.id), index('snapshots_delta_of_idx').on(t.deltaOf)],
);

/** Every difference between a load and its contract, whatever the policy made of it. Append-only. */
export const driftEvents = pgTable(
  'drift_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    datasetId: text('dataset_id').notNull().references(() => datasets.id),
    snapshotId: bigint('snapshot_id', { mode: 'number' }).references(() => snapshots.id),
    jobId: bigint('job_id', { mode: 'number' }).notNull().references(() => jobs.id),
    policy: text('policy', { enum: DRIFT_POLICIES }).notNull(),
    outcome: text('outcome', { enum: ['blocked', 'accepted'] }).notNull(),
    changes: jsonb('changes').$type<DriftChange[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('drift_events_dataset_idx').on(t.datasetId, t.id)],
);

/** A snapshot a steward expired under the dataset's retention policy: its raw table is dropped, the
 * snapshot row stays (snapshots are append-only) and reading it says when and by whom. Append-only. */
export const snapshotExpiries = pgTable('snapshot_expiries', {
  snapshotId: bigint('snapshot_id', { mode: 'number' })
    .primaryKey()
    .references(() => snapshots.id),
  datasetId: text('dataset_id').notNull().references(() => datasets.id),
  expiredBy: text('expired_by').notNull().references(() => users.id),
  expiredAt: timestamp('expired_at', { withTimezone: true }).notNull().defaultNow(),
});
