import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import canonicalize from 'canonicalize';
import { AppError } from '@/lib/errors';

/** Where the next page starts: the sort key of the last row shown (e.g. `[updatedAt, id]`). */
export type KeysetKey = readonly (string | number)[];

/** What a cursor is bound to: one list and the exact filters it was issued under. */
export type CursorScope = { list: string; filter: Record<string, unknown> };

/** A cursor older than this is refused: the order it continues may have moved a lot since. */
export const CURSOR_LIFETIME_MS = 24 * 60 * 60 * 1000;
const VERSION = 1;
const CURSOR_INFO = 'assay.pagination.cursor.v1';

/** HKDF of the app secret, so cursors share nothing with sessions or audit checkpoints. */
export function cursorKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), CURSOR_INFO, 32));
}

/** Filters compared by content: key order and undefined/empty values do not make another filter. */
function filterDigest(filter: Record<string, unknown>): string {
  const kept = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined && value !== '' && value !== false));
  return createHash('sha256').update(canonicalize(kept) ?? '{}', 'utf8').digest('base64url').slice(0, 22);
}

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body, 'utf8').digest();

const refuse = (message: string) => new AppError('bad_request', `cursor: ${message}`, { parameter: 'cursor' });

/** `<payload>.<hmac>`, both base64url; the payload is [version, list, filter digest, issued (s), key]. */
export function encodeCursor(key: Buffer, scope: CursorScope, after: KeysetKey, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify([VERSION, scope.list, filterDigest(scope.filter), Math.floor(now / 1000), after]), 'utf8').toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** The key a cursor continues after; refuses (400, naming `cursor`) anything this server did not issue
 * for this very list and filter within CURSOR_LIFETIME_MS. */
export function decodeCursor(key: Buffer, scope: CursorScope, cursor: string, now = Date.now()): KeysetKey {
  const [body, signature, ...rest] = cursor.split('.');
  if (!body || !signature || rest.length > 0) throw refuse('not a cursor this server issued');
  const expected = mac(key, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse('not a cursor this server issued');
  const [version, list, digest, issued, after] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [number, string, string, number, KeysetKey];
  if (version !== VERSION) throw refuse('issued by an older version; start again from the first page');
  if (list !== scope.list) throw refuse(`belongs to another list (${list}), not to ${scope.list}`);
  if (digest !== filterDigest(scope.filter)) throw refuse('was issued for other filters; start again from the first page');
  if (now - issued * 1000 > CURSOR_LIFETIME_MS) throw refuse('has expired; start again from the first page');
  return after;
}
