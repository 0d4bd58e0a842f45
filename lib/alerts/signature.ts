import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, Stripe-style: `Assay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>">`
 * under the endpoint's secret. The timestamp is signed with the body, so a receiver that refuses old
 * timestamps also refuses a replayed request.
 */
export const SIGNATURE_HEADER = 'Assay-Signature';
export const DELIVERY_HEADER = 'Assay-Delivery';
/** How old a signed timestamp a receiver accepts by default. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, timestamp: number, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

export function signWebhook(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

/** What a receiver runs on the raw body (before parsing it) and the header; any v1 that matches counts
 * (several may come while a secret is rotated). Compared in constant time. */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  header: string | null | undefined;
  toleranceSeconds?: number;
  now?: number;
}): SignatureCheck {
  if (!input.header) return { ok: false, reason: `no ${SIGNATURE_HEADER} header` };
  const parts = input.header.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]);
  const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
  const signatures = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
  if (!Number.isInteger(timestamp) || signatures.length === 0) return { ok: false, reason: `${SIGNATURE_HEADER} is not "t=<unix>,v1=<hex>"` };
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return { ok: false, reason: 'the signed timestamp is outside the tolerance' };
  const expected = Buffer.from(hmac(input.secret, timestamp, input.body), 'hex');
  const matches = signatures.some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'no signature matches the body under this secret' };
}
