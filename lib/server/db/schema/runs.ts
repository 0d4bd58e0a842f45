import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ModelOutcome, RunCheckOutcome } from '@/lib/runs/execute';
import type { RunInputSnapshot } from '@/lib/runs/key';
import { RUN_STATUSES, RUN_TRIGGERS } from '@/lib/runs/states';
import { users } from './auth';
import { jobs } from './jobs';
import { pipelines } from './promotion';

/**
 * One production run of a pipeline version over named input snapshots. Bookkeeping like a job (its
 * status moves queued → running → published | checks_failed | failed); what it produced is written
 * once, by the transaction that finishes it. The partial unique index is the rule "two triggers at
 * once make one run": at most one queued-or-running run per pipeline, whatever process asks.
 */
export const pipelineRuns = pgTable(
  'pipeline_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    pipelineId: text('pipeline_id')
      .notNull()
      .references(() => pipelines.id),
    version: integer('version').notNull(),
    artifactId: text('artifact_id').notNull(),
    /** sha-256 of the version and its input snapshot ids (lib/runs/key.ts). */
    runKey: text('run_key').notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    trigger: text('trigger', { enum: RUN_TRIGGERS }).notNull(),
    triggeredBy: text('triggered_by').references(() => users.id),
    jobId: bigint('job_id', { mode: 'number' }).references(() => jobs.id),
    inputs: jsonb('inputs').$type<RunInputSnapshot[]>().notNull(),
    /** The warehouse schema holding this run's physical tables. */
    schemaName: text('schema_name').notNull(),
    models: jsonb('models').$type<ModelOutcome[]>(),
    checks: jsonb('checks').$type<RunCheckOutcome[]>(),
    rowsIn: bigint('rows_in', { mode: 'number' }),
    rowsOut: bigint('rows_out', { mode: 'number' }),
    elapsedMs: real('elapsed_ms'),
    error: text('error'),
    /** A trigger that arrived while this run was in flight over other snapshots: run again when it ends. */
    followUp: text('follow_up', { enum: RUN_TRIGGERS }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** When a steward's retention expired this run's tables (its schema is dropped), and who did. */
    expiredAt: timestamp('expired_at', { withTimezone: true }),
    expiredBy: text('expired_by').references(() => users.id),
  },
  (t) => [
    index('pipeline_runs_pipeline_idx').on(t.pipelineId, t.id),
    uniqueIndex('pipeline_runs_one_active_idx').on(t.pipelineId).where(sql`${t.status} IN ('queued', 'running')`),
    index('pipeline_runs_key_idx').on(t.pipelineId, t.runKey),
  ],
);

/**
 * Append-only: every change of what a pipeline's production names serve — a run's publish, or a
 * rollback re-pointing them at an earlier publish of another version. The latest row per pipeline is
 * what the `prod` views show; the warehouse views are rebuilt from it at start (a kill between the
 * views and this row cannot leave them apart for longer than a restart).
 */
export const pipelinePublishes = pgTable(
  'pipeline_publishes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    pipelineId: text('pipeline_id')
      .notNull()
      .references(() => pipelines.id),
    version: integer('version').notNull(),
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => pipelineRuns.id),
    kind: text('kind', { enum: ['run', 'rollback'] }).notNull(),
    /** Production name → the run's physical table. */
    views: jsonb('views').$type<{ model: string; schema: string; table: string }[]>().notNull(),
    /** Where the Parquet copy of each output and its manifest were written, relative to the data dir. */
    parquetDir: text('parquet_dir'),
    actorId: text('actor_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pipeline_publishes_pipeline_idx').on(t.pipelineId, t.id), index('pipeline_publishes_run_idx').on(t.runId)],
);

/** Append-only: a past run re-executed from its recorded snapshots, fingerprints compared. */
export const runVerifications = pgTable(
  'run_verifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => pipelineRuns.id),
    jobId: bigint('job_id', { mode: 'number' }).references(() => jobs.id),
    status: text('status', { enum: ['match', 'mismatch', 'error'] }).notNull(),
    models: jsonb('models').$type<{ name: string; expected: { rows: number; fingerprint: string }; actual: { rows: number; fingerprint: string } | null; match: boolean }[]>().notNull(),
    error: text('error'),
    requestedBy: text('requested_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('run_verifications_run_idx').on(t.runId, t.id)],
);

/** How a pipeline's current version is run besides by hand: a cron pattern, and on new input snapshots. */
export const pipelineSchedules = pgTable('pipeline_schedules', {
  pipelineId: text('pipeline_id')
    .primaryKey()
    .references(() => pipelines.id),
  schedule: text('schedule'),
  nextRunAt: timestamp('next_run_at', { withTimezone: true }),
  onNewSnapshot: boolean('on_new_snapshot').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
