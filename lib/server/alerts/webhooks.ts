import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { AlertRule } from '@/lib/alerts/rules';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import { alerts, webhookEndpoints, type WebhookEventType } from '@/lib/server/db/schema';
import { enqueueJob } from '@/lib/server/jobs/queue';
import { afterKey, exactTime, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';
import { openSecret, sealingKey, sealSecret } from '@/lib/server/sources/secrets';

/** The delivery lane's one job kind (lib/server/jobs/jobs.ts, deliveryHandlers). */
export const WEBHOOK_JOB = 'alert.webhook';
/** Attempts per delivery: the first and four retries after 5, 20, 45 and 80 s (the queue's back-off). */
export const WEBHOOK_ATTEMPTS = 5;

/** The webhook signing secrets' sealing key: HKDF of the app secret under its own label. */
export const webhookKey = (appSecret: string): Buffer => sealingKey(appSecret, 'assay.webhooks.secret.v1');

/** What the API shows of an endpoint: never its secret (only createWebhook answers it, once). */
export type WebhookView = { id: string; url: string; description: string; enabled: boolean; rules: AlertRule[] | null; createdAt: Date; updatedAt: Date };

const viewColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  enabled: webhookEndpoints.enabled,
  rules: webhookEndpoints.rules,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
};

/** The body every delivery POSTs (docs/observability.md, "Alerts"). `href` is made absolute when sent. */
export type WebhookEvent = {
  id: string;
  type: WebhookEventType;
  rule: AlertRule | null;
  object: { type: string; id: string } | null;
  title: string;
  detail: string | null;
  firedAt: string | null;
  resolvedAt?: string;
  fireCount: number;
  href: string | null;
};

export type DeliveryPayload = { endpointId: string; deliveryId: string; alertId: number | null; event: WebhookEvent };

type Alert = typeof alerts.$inferSelect;

export function alertEvent(alert: Alert, type: 'alert.fired' | 'alert.resolved'): WebhookEvent {
  return {
    id: `evt_${alert.id}_${type === 'alert.fired' ? 'fired' : 'resolved'}`,
    type,
    rule: alert.rule,
    object: { type: alert.objectType, id: alert.objectId },
    title: alert.title,
    detail: type === 'alert.resolved' ? alert.resolution : alert.detail,
    firedAt: alert.firstFiredAt.toISOString(),
    ...(type === 'alert.resolved' && alert.resolvedAt ? { resolvedAt: alert.resolvedAt.toISOString() } : {}),
    fireCount: alert.fireCount,
    href: alert.href,
  };
}

function queueDelivery(db: Db | Tx, endpointId: string, alertId: number | null, event: WebhookEvent) {
  const payload: DeliveryPayload = { endpointId, deliveryId: randomUUID(), alertId, event };
  return enqueueJob(db, { kind: WEBHOOK_JOB, subject: endpointId, payload, maxAttempts: WEBHOOK_ATTEMPTS });
}

/** One delivery per enabled endpoint that wants the rule, queued in the alert's own transaction. */
export async function queueAlertDeliveries(tx: Tx, alert: Alert, type: 'alert.fired' | 'alert.resolved'): Promise<void> {
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, rules: webhookEndpoints.rules })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.enabled, true), isNull(webhookEndpoints.deletedAt)));
  const event = alertEvent(alert, type);
  for (const endpoint of endpoints) if (endpoint.rules === null || endpoint.rules.includes(alert.rule)) await queueDelivery(tx, endpoint.id, alert.id, event);
}

/** "Send test": one signed `webhook.test` event to one endpoint, through the same lane and retries. */
export async function queueTestDelivery(db: Db, endpointId: string): Promise<{ deliveryId: string }> {
  const endpoint = await getWebhookOrThrow(db, endpointId);
  const event: WebhookEvent = { id: `evt_test_${randomUUID()}`, type: 'webhook.test', rule: null, object: null, title: 'Assay test delivery', detail: null, firedAt: new Date().toISOString(), fireCount: 0, href: '/alerts' };
  const job = await queueDelivery(db, endpoint.id, null, event);
  return { deliveryId: (job.payload as DeliveryPayload).deliveryId };
}

/** Creates an endpoint with a fresh 32-byte secret; the secret is in this answer and nowhere else again. */
export async function createWebhook(
  db: Db,
  appSecret: string,
  input: { url: string; description: string; rules: AlertRule[] | null; actorId: string },
): Promise<{ webhook: WebhookView; secret: string }> {
  const id = `wh_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  await db.transaction(async (tx) => {
    await tx.insert(webhookEndpoints).values({ id, url: input.url, description: input.description, rules: input.rules, secret: sealSecret(webhookKey(appSecret), id, secret), createdBy: input.actorId });
    // Where it points and what it wants, never the secret.
    await appendAudit(tx, { actorId: input.actorId, action: 'alert.webhook_created', objectType: 'webhook', objectId: id, details: { url: input.url, description: input.description, rules: input.rules } });
  });
  return { webhook: await getWebhookOrThrow(db, id), secret };
}

export async function getWebhookOrThrow(db: Db | Tx, id: string): Promise<WebhookView> {
  const [row] = await db
    .select(viewColumns)
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)));
  if (!row) throw new AppError('not_found', `webhook ${id} does not exist`);
  return row;
}

export async function updateWebhook(
  db: Db,
  id: string,
  change: { url?: string; description?: string; enabled?: boolean; rules?: AlertRule[] | null },
  actorId: string,
): Promise<WebhookView> {
  await db.transaction(async (tx) => {
    await getWebhookOrThrow(tx, id);
    await tx
      .update(webhookEndpoints)
      .set({ ...change, updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, id));
    await appendAudit(tx, { actorId, action: 'alert.webhook_updated', objectType: 'webhook', objectId: id, details: change });
  });
  return getWebhookOrThrow(db, id);
}

/** Deleting keeps the row for the delivery log (`deleted_at`); nothing is delivered to it again,
 * including retries already queued. */
export async function deleteWebhook(db: Db, id: string, actorId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const webhook = await getWebhookOrThrow(tx, id);
    await tx.update(webhookEndpoints).set({ enabled: false, deletedAt: new Date(), updatedAt: new Date() }).where(eq(webhookEndpoints.id, id));
    await appendAudit(tx, { actorId, action: 'alert.webhook_deleted', objectType: 'webhook', objectId: id, details: { url: webhook.url } });
  });
}

/** Newest first, keyset by (created_at, id). */
export async function listWebhooks(db: Db, page: PageRequest): Promise<KeyedPage<WebhookView>> {
  const rows = await db
    .select({ ...viewColumns, key: exactTime(webhookEndpoints.createdAt) })
    .from(webhookEndpoints)
    .where(
      and(
        isNull(webhookEndpoints.deletedAt),
        afterKey(page, 'desc', [
          [webhookEndpoints.createdAt, 'timestamptz'],
          [webhookEndpoints.id, 'text'],
        ]),
      ),
    )
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(page.limit + 1);
  const page_ = keyedPage(rows, page, (row) => [row.key, row.id]);
  return { items: page_.items.map(({ key: _key, ...view }) => view), nextKey: page_.nextKey };
}

/** Where to deliver and the secret to sign with; null when the endpoint was disabled or deleted since
 * the delivery was queued (it is then dropped). */
export async function deliveryTarget(db: Db, appSecret: string, id: string): Promise<{ url: string; secret: string } | null> {
  const [row] = await db
    .select({ url: webhookEndpoints.url, sealed: webhookEndpoints.secret, enabled: webhookEndpoints.enabled, deletedAt: webhookEndpoints.deletedAt })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id));
  if (!row || !row.enabled || row.deletedAt) return null;
  return { url: row.url, secret: openSecret(webhookKey(appSecret), id, row.sealed) };
}
