import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ALERT_RULES, type AlertRule } from '@/lib/alerts/rules';
import { users } from './auth';

export const ALERT_STATUSES = ['open', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * One episode of one rule on one object: opened by the first firing, counted up by the repeats, closed
 * by the resolution. The partial unique index is what groups repeats: there is at most one open
 * episode per (rule, object), whatever two transactions try at once. Rows change (count, status).
 */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    rule: text('rule', { enum: ALERT_RULES }).$type<AlertRule>().notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id').notNull(),
    status: text('status', { enum: ALERT_STATUSES }).notNull().default('open'),
    title: text('title').notNull(),
    detail: text('detail'),
    href: text('href'),
    fireCount: integer('fire_count').notNull().default(1),
    firstFiredAt: timestamp('first_fired_at', { withTimezone: true }).notNull().defaultNow(),
    lastFiredAt: timestamp('last_fired_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** Why it was resolved ("the next run published"), shown beside it and sent with the resolution. */
    resolution: text('resolution'),
  },
  (t) => [
    uniqueIndex('alerts_one_open_idx').on(t.rule, t.objectType, t.objectId).where(sql`${t.status} = 'open'`),
    index('alerts_status_idx').on(t.status, t.id),
  ],
);

/** Where alerts are POSTed. `secret` is the signing secret sealed with AES-256-GCM (never answered by
 * an API after creation). `rules` null: every rule. Deleting keeps the row (`deleted_at`), so the
 * delivery log still names the endpoint it went to. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  enabled: boolean('enabled').notNull().default(true),
  rules: jsonb('rules').$type<AlertRule[] | null>(),
  secret: text('secret').notNull(),
  createdBy: text('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
});

export const WEBHOOK_EVENT_TYPES = ['alert.fired', 'alert.resolved', 'webhook.test'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** One attempt to deliver one event to one endpoint (append-only): what the endpoint answered or why
 * nothing came back, and how long it took. `delivery_id` is the same for every attempt of a delivery. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    deliveryId: text('delivery_id').notNull(),
    eventType: text('event_type', { enum: WEBHOOK_EVENT_TYPES }).notNull(),
    alertId: bigint('alert_id', { mode: 'number' }).references(() => alerts.id),
    attempt: integer('attempt').notNull(),
    ok: boolean('ok').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id)],
);
