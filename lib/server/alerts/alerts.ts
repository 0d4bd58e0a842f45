import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { alertStep } from '@/lib/alerts/grouping';
import type { AlertRule } from '@/lib/alerts/rules';
import type { Db, Tx } from '@/lib/server/db/client';
import { alerts, type AlertStatus } from '@/lib/server/db/schema';
import { notify } from '@/lib/server/notifications/notifications';
import { afterKey, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';
import { queueAlertDeliveries } from './webhooks';

export type Alert = typeof alerts.$inferSelect;

export type AlertSubject = { rule: AlertRule; objectType: string; objectId: string };
export type AlertFiring = AlertSubject & { title: string; detail?: string | null; ownerIds: string[]; href?: string | null };
export type AlertResolution = AlertSubject & { title: string; ownerIds: string[]; resolution: string };

/**
 * Fires a rule on an object, inside the transaction that records what happened. The first firing opens
 * an episode, tells the owners in-app and queues one webhook delivery per endpoint that wants the rule;
 * a repeat while the episode is open only counts (no storm). One statement against the partial unique
 * index decides which, so two transactions firing at once still open one episode.
 */
export async function fireAlert(tx: Tx, input: AlertFiring): Promise<{ alert: Alert; opened: boolean }> {
  const [alert] = await tx
    .insert(alerts)
    .values({ rule: input.rule, objectType: input.objectType, objectId: input.objectId, title: input.title, detail: input.detail ?? null, href: input.href ?? null })
    .onConflictDoUpdate({
      target: [alerts.rule, alerts.objectType, alerts.objectId],
      targetWhere: sql`status = 'open'`,
      set: { fireCount: sql`${alerts.fireCount} + 1`, lastFiredAt: sql`now()`, detail: input.detail ?? null },
    })
    .returning();
  const opened = alertStep('fire', alert!.fireCount > 1) === 'open';
  if (opened) {
    await notify(tx, { userIds: input.ownerIds, kind: 'alert.fired', title: input.title, body: input.detail ?? undefined, href: input.href ?? undefined, objectType: input.objectType, objectId: input.objectId });
    await queueAlertDeliveries(tx, alert!, 'alert.fired');
  }
  return { alert: alert!, opened };
}

/** Closes the open episode of a rule on an object, if there is one, and tells the same people and
 * endpoints; nothing at all when none is open (most clean loads and passing runs). */
export async function resolveAlert(tx: Tx, input: AlertResolution): Promise<Alert | null> {
  const [alert] = await tx
    .update(alerts)
    .set({ status: 'resolved', resolvedAt: sql`now()`, resolution: input.resolution })
    .where(and(eq(alerts.rule, input.rule), eq(alerts.objectType, input.objectType), eq(alerts.objectId, input.objectId), eq(alerts.status, 'open')))
    .returning();
  if (alertStep('resolve', alert !== undefined) !== 'close') return null;
  await notify(tx, { userIds: input.ownerIds, kind: 'alert.resolved', title: input.title, body: input.resolution, href: alert!.href ?? undefined, objectType: input.objectType, objectId: input.objectId });
  await queueAlertDeliveries(tx, alert!, 'alert.resolved');
  return alert!;
}

/** The open episode of a rule on an object, if any. */
export async function openAlert(db: Db | Tx, subject: AlertSubject): Promise<Alert | null> {
  const [alert] = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.rule, subject.rule), eq(alerts.objectType, subject.objectType), eq(alerts.objectId, subject.objectId), eq(alerts.status, 'open')));
  return alert ?? null;
}

/** Newest first, keyset by id (the index is on status, id). */
export async function listAlerts(db: Db, filter: { status?: AlertStatus }, page: PageRequest): Promise<KeyedPage<Alert>> {
  const rows = await db
    .select()
    .from(alerts)
    .where(and(filter.status ? eq(alerts.status, filter.status) : undefined, afterKey(page, 'desc', [[alerts.id, 'bigint']])))
    .orderBy(desc(alerts.id))
    .limit(page.limit + 1);
  return keyedPage(rows, page, (row) => [row.id]);
}
