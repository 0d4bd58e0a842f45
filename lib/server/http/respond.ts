import 'server-only';
import { ZodError } from 'zod';
import { AppError, type ErrorBody } from '@/lib/errors';

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

export function errorResponse(error: AppError): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
  return json(body, error.status);
}

type DriverError = { code?: unknown; detail?: unknown; table?: unknown; table_name?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };

/** A unique violation (SQLSTATE 23505) anywhere in the cause chain (drizzle wraps the driver's error),
 * as the columns and table it names — PGlite and postgres.js spell the properties differently. */
export function uniqueViolation(error: unknown): { field: string; table: string | null; constraint: string | null } | null {
  for (let e = error as DriverError | undefined, depth = 0; e && typeof e === 'object' && depth < 5; e = e.cause as DriverError | undefined, depth++) {
    if (e.code !== '23505') continue;
    const columns = typeof e.detail === 'string' ? /^Key \((.+?)\)=/.exec(e.detail)?.[1] : undefined;
    const table = e.table_name ?? e.table;
    const constraint = e.constraint_name ?? e.constraint;
    return { field: columns ?? 'unknown', table: typeof table === 'string' ? table : null, constraint: typeof constraint === 'string' ? constraint : null };
  }
  return null;
}

/** Known errors keep their code; validation errors name the field; a unique key already taken (a race
 * past a service's own check) is a 409 naming the field; anything else leaks nothing. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return errorResponse(error);
  const unique = uniqueViolation(error);
  if (unique) {
    const where = unique.table ? ` in ${unique.table}` : '';
    return errorResponse(new AppError('already_exists', `${unique.field}: the value is already taken${where}; choose another or use the existing one`, { field: unique.field }));
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = issues[0];
    const message = first ? `${first.path || 'body'}: ${first.message}` : 'invalid request body';
    return errorResponse(new AppError('invalid_body', message, { issues }));
  }
  console.error('assay: unexpected error', error);
  return errorResponse(new AppError('internal_error', 'something went wrong on the server; nothing was changed'));
}
