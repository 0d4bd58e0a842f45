import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Append-only (triggers refuse UPDATE, DELETE and TRUNCATE, firing ALWAYS). `prev_hash`/`hash`
 * hold the hash chain; they are filled in once the chain is built (promotion issue). */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_events_object_idx').on(t.objectType, t.objectId),
    // Each filter of the audit list with the seq order it pages by, and the loose scans of the filter
    // choices (distinct actions, object types).
    index('audit_events_action_seq_idx').on(t.action, t.seq),
    index('audit_events_actor_seq_idx').on(t.actorId, t.seq),
    index('audit_events_object_type_seq_idx').on(t.objectType, t.seq),
  ],
);

/**
 * The verified prefix of the chain, remembered so a page load checks only what came after it: a signed
 * checkpoint (count + head + at, HMAC as exported) plus where it ends (`last_seq`) and how many of its
 * entries predate the chain. `kind` says how it was reached: `full` recomputed every entry, `quick`
 * extended an earlier checkpoint; `full_at` is when the prefix was last recomputed entirely. A row is
 * only trusted when its signature verifies, so changing one here is detected, not believed.
 */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  count: integer('count').notNull(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  unchained: integer('unchained').notNull(),
  head: text('head').notNull(),
  /** The signed time, as the exact ISO text that was signed. */
  at: text('at').notNull(),
  signature: text('signature').notNull(),
  kind: text('kind', { enum: ['full', 'quick'] }).notNull(),
  fullAt: timestamp('full_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
