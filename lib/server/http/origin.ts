import 'server-only';
import { AppError } from '@/lib/errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery defence for every state-changing request, before any session is read.
 *
 * A browser sends `Sec-Fetch-Site` on every request and `Origin` on every POST/PATCH/PUT/DELETE, and a
 * page cannot remove either. So: an `Origin` must be one of ours, and a `Sec-Fetch-Site` must say
 * `same-origin` (a page on another port of this host is `same-site`, which SameSite=Lax cookies do not
 * stop). A request with neither comes from no browser — the CLI, curl, Playwright's API client, tests —
 * and cannot carry a victim's cookies unasked, so it is let through to the usual session check.
 */
export function assertSameOrigin(req: Request, allowedOrigins: readonly string[]): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get('origin');
  const site = req.headers.get('sec-fetch-site');
  if (origin !== null && !allowedOrigins.includes(origin)) {
    throw new AppError('forbidden', `cross-origin request refused: Origin ${origin} is not ${allowedOrigins[0]}`);
  }
  if (site !== null && site !== 'same-origin') {
    throw new AppError('forbidden', `cross-origin request refused: Sec-Fetch-Site is ${site}, not same-origin`);
  }
}

export function mediaType(req: Request): string | null {
  const value = req.headers.get('content-type');
  return value === null ? null : (value.split(';')[0] ?? '').trim().toLowerCase();
}

export const JSON_BODY = ['application/json'] as const;

/** A body, when there is one, is JSON (or one of the types a route names): HTML forms can only send
 * urlencoded, multipart or text/plain, so this alone also stops a form whose field name and value join
 * into valid JSON. A route that takes another type still has the origin check. */
export function assertJsonBody(req: Request, accepted: readonly string[] = JSON_BODY): void {
  if (SAFE_METHODS.has(req.method)) return;
  const type = mediaType(req);
  const hasBody = Number(req.headers.get('content-length') ?? 0) > 0 || req.headers.has('transfer-encoding');
  if (type === null ? hasBody : !accepted.includes(type)) {
    throw new AppError('unsupported_media_type', `the request body must be ${accepted.join(' or ')}${type ? `, not ${type}` : ''}`);
  }
}
