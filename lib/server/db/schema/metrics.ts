import { bigint, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Running counts behind the database-backed Prometheus counters, kept by AFTER INSERT triggers on the
 * append-only tables they count (drizzle/0030_metric_tallies_triggers.sql), in the inserting
 * transaction — so a scrape reads one row per series instead of scanning the history, and a count is
 * exactly what committed. `latest` is the newest time seen (loads: the finished_at of the newest
 * snapshot of that status). Labels are `l1`, `l2` ('' when unused).
 */
export const metricTallies = pgTable(
  'metric_tallies',
  {
    metric: text('metric').notNull(),
    l1: text('l1').notNull(),
    l2: text('l2').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
    latest: timestamp('latest', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.metric, t.l1, t.l2] })],
);
