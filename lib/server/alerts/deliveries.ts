import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook } from '@/lib/alerts/signature';
import type { Db } from '@/lib/server/db/client';
import { webhookDeliveries } from '@/lib/server/db/schema';
import type { JobHandler } from '@/lib/server/jobs/worker';
import { afterKey, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';
import { deliveryTarget, getWebhookOrThrow, type DeliveryPayload } from './webhooks';

export type Delivery = typeof webhookDeliveries.$inferSelect;

/** How long one attempt may take, headers and all, before it counts as failed and is retried. */
export const DELIVERY_TIMEOUT_MS = 5_000;

type Attempt = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number };

/** One POST with its own time limit; never throws (what went wrong is the attempt's `error`). */
async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Attempt> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    // The answer's body is not read: a receiver that streams forever must not hold the lane.
    await response.body?.cancel().catch(() => {});
    const ok = response.status >= 200 && response.status < 300;
    return { ok, statusCode: response.status, error: ok ? null : `the endpoint answered ${response.status}`, durationMs: took() };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { ok: false, statusCode: null, error: timedOut ? `no answer within ${timeoutMs / 1000} s` : `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 500), durationMs: took() };
  }
}

/**
 * The delivery job (delivery lane only). Each attempt signs the body afresh (`t` is the attempt's time),
 * POSTs it with a time limit and appends what happened to the delivery log — in `run`, because a failed
 * attempt throws (so the queue retries it with back-off) and must be logged all the same. A delivery to
 * an endpoint that was disabled or deleted meanwhile is dropped without a request.
 */
export function webhookDeliveryHandler(db: Db, options: { appSecret: string; baseUrl: string; timeoutMs?: number }): JobHandler<Attempt | null> {
  return {
    async run(job) {
      const payload = job.payload as DeliveryPayload;
      const target = await deliveryTarget(db, options.appSecret, payload.endpointId);
      if (!target) return null;
      const event = { ...payload.event, href: payload.event.href === null ? null : new URL(payload.event.href, options.baseUrl).toString() };
      const body = JSON.stringify(event);
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Assay-Webhooks/1',
        [SIGNATURE_HEADER]: signWebhook(target.secret, body),
        [DELIVERY_HEADER]: payload.deliveryId,
      };
      const attempt = await post(target.url, headers, body, options.timeoutMs ?? DELIVERY_TIMEOUT_MS);
      await db.insert(webhookDeliveries).values({
        endpointId: payload.endpointId,
        deliveryId: payload.deliveryId,
        eventType: event.type,
        alertId: payload.alertId,
        attempt: job.attempts,
        ...attempt,
      });
      if (!attempt.ok) throw new Error(attempt.error ?? 'the delivery failed');
      return attempt;
    },
    async commit() {},
    async fail() {},
  };
}

/** An endpoint's delivery log, newest attempt first, keyset by id. */
export async function listDeliveries(db: Db, endpointId: string, page: PageRequest): Promise<KeyedPage<Delivery>> {
  await getWebhookOrThrow(db, endpointId);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, endpointId), afterKey(page, 'desc', [[webhookDeliveries.id, 'bigint']])))
    .orderBy(desc(webhookDeliveries.id))
    .limit(page.limit + 1);
  return keyedPage(rows, page, (row) => [row.id]);
}
