import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { CLOSED_STATUSES, PROMOTION_STATUSES } from '@/lib/promotion/states';
import type { GateRunResult, PromotionSubmission } from '@/lib/promotion/types';
import { experiments } from './artifacts';
import { users } from './auth';
import { jobs } from './jobs';

/** A named set of models and checks in production, with an owner. `current_version` is the production
 * pointer: it only ever moves by compare-and-swap (promotion, rollback). */
export const pipelines = pgTable(
  'pipelines',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    ownerId: text('owner_id').notNull().references(() => users.id),
    requiredApprovals: integer('required_approvals').notNull().default(1),
    currentVersion: integer('current_version'),
    /** How many runs with published tables a steward keeps when expiring (lib/server/runs/retention.ts);
     * null: no policy, every run's tables stay. */
    keepPublishedRuns: integer('keep_published_runs'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pipelines_name_idx').on(t.name)],
);

/** Immutable (append-only triggers): the models and checks promoted from one artifact, with the
 * approvals that let it in. Rollback moves the pointer back; no version is ever removed. */
export const pipelineVersions = pgTable(
  'pipeline_versions',
  {
    pipelineId: text('pipeline_id').notNull().references(() => pipelines.id),
    version: integer('version').notNull(),
    artifactId: text('artifact_id').notNull().references(() => experiments.id),
    requestId: text('request_id').notNull(),
    /** The documentation the pipeline carries for this version (descriptions, declared nullability). */
    docs: jsonb('docs').$type<PromotionSubmission['docs']>().notNull(),
    /** The models published as the pipeline's outputs; null for versions promoted before outputs were
     * chosen (then every model was one). */
    outputs: jsonb('outputs').$type<string[]>(),
    promotedBy: text('promoted_by').notNull().references(() => users.id),
    approvals: jsonb('approvals').$type<{ reviewerId: string; reviewerName: string; roles: string[]; at: string }[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.pipelineId, t.version] })],
);

/** Immutable: an artifact submitted to a pipeline. Its life is in promotion_states (append-only), its
 * submissions in promotion_submissions; `submission` is the first one. */
export const promotionRequests = pgTable(
  'promotion_requests',
  {
    id: text('id').primaryKey(),
    pipelineId: text('pipeline_id').notNull().references(() => pipelines.id),
    artifactId: text('artifact_id').notNull().references(() => experiments.id),
    authorId: text('author_id').notNull().references(() => users.id),
    /** Production when it was submitted: the version a promotion swaps out (compare-and-swap). */
    baseVersion: integer('base_version'),
    submission: jsonb('submission').$type<PromotionSubmission>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('promotion_requests_pipeline_idx').on(t.pipelineId),
    index('promotion_requests_artifact_idx').on(t.artifactId),
    index('promotion_requests_created_idx').on(t.createdAt, t.id),
  ],
);

export { PROMOTION_STATUSES, type PromotionStatus } from '@/lib/promotion/states';

/** Append-only: what the author submitted on a request, numbered from 1. A new submission (fixed docs,
 * outputs, declarations) supersedes the one before and queues the gates again. */
export const promotionSubmissions = pgTable(
  'promotion_submissions',
  {
    requestId: text('request_id').notNull().references(() => promotionRequests.id),
    number: integer('number').notNull(),
    submission: jsonb('submission').$type<PromotionSubmission>().notNull(),
    authorId: text('author_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.number] })],
);

const closedList = sql.raw(CLOSED_STATUSES.map((s) => `'${s}'`).join(', '));

/** The current status of each request, kept in step with promotion_states in the same transaction (the
 * only mutable promotion row besides the production pointer). Its partial unique index is the rule
 * "one open request per artifact and pipeline": two concurrent submits cannot both pass it. */
export const promotionStatus = pgTable(
  'promotion_status',
  {
    requestId: text('request_id').primaryKey().references(() => promotionRequests.id),
    artifactId: text('artifact_id').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    status: text('status', { enum: PROMOTION_STATUSES }).notNull(),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('promotion_status_one_open_idx').on(t.artifactId, t.pipelineId).where(sql`${t.status} NOT IN (${closedList})`),
    index('promotion_status_inbox_idx').on(t.status, t.since, t.requestId),
  ],
);

export const promotionStates = pgTable(
  'promotion_states',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    requestId: text('request_id').notNull().references(() => promotionRequests.id),
    status: text('status', { enum: PROMOTION_STATUSES }).notNull(),
    actorId: text('actor_id').references(() => users.id),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('promotion_states_request_idx').on(t.requestId, t.seq)],
);

/** One run of the gates on a request, stored whole when it finishes (append-only). */
export const gateRuns = pgTable(
  'gate_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: text('request_id').notNull().references(() => promotionRequests.id),
    jobId: bigint('job_id', { mode: 'number' }).references(() => jobs.id),
    /** The submission the gates judged (null for runs before submissions were numbered: the first). */
    submissionNumber: integer('submission_number'),
    passed: text('passed', { enum: ['yes', 'no', 'error'] }).notNull(),
    result: jsonb('result').$type<GateRunResult>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('gate_runs_request_idx').on(t.requestId, t.id)],
);

/** Reviews and comments (append-only). An approval counts only for the artifact and gate run it names. */
export const reviews = pgTable(
  'reviews',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    requestId: text('request_id').notNull().references(() => promotionRequests.id),
    reviewerId: text('reviewer_id').notNull().references(() => users.id),
    decision: text('decision', { enum: ['approve', 'reject', 'request_changes', 'comment'] }).notNull(),
    artifactId: text('artifact_id').notNull(),
    gateRunId: bigint('gate_run_id', { mode: 'number' }).references(() => gateRuns.id),
    /** The reviewer's roles when they decided (a steward's approval is what a breaking change needs). */
    roles: jsonb('roles').$type<string[]>().notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('reviews_request_idx').on(t.requestId, t.seq)],
);
