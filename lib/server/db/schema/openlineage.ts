import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { RunEvent } from '@/lib/openlineage/types';
import { EVENT_TYPES } from '@/lib/openlineage/types';

export const LINEAGE_TARGETS = ['http', 'file'] as const;
export type LineageTarget = (typeof LINEAGE_TARGETS)[number];

/**
 * The OpenLineage outbox: one row per event and target (the HTTP endpoint, the NDJSON file), written
 * in the transaction that records the run's or load's start or finish, delivered later by a job on
 * the delivery lane (lib/server/openlineage/delivery.ts). Rows change as delivery goes: attempts and
 * the last error of each try, then `delivered_at`, or `gave_up_at` once the retries are used up.
 */
export const lineageEvents = pgTable(
  'lineage_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** What the event is about: `pipeline_run:<run id>` or `load:<load job id>`. */
    subject: text('subject').notNull(),
    eventType: text('event_type', { enum: EVENT_TYPES }).notNull(),
    target: text('target', { enum: LINEAGE_TARGETS }).notNull(),
    /** The OpenLineage runId (a UUID v5 of the subject). */
    runId: text('run_id').notNull(),
    event: jsonb('event').$type<RunEvent>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    gaveUpAt: timestamp('gave_up_at', { withTimezone: true }),
  },
  (t) => [index('lineage_events_subject_idx').on(t.subject, t.id)],
);
