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

/** Known errors keep their code; validation errors name the field; anything else leaks nothing. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return errorResponse(error);
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = issues[0];
    const message = first ? `${first.path || 'body'}: ${first.message}` : 'invalid request body';
    return errorResponse(new AppError('invalid_body', message, { issues }));
  }
  console.error('assay: unexpected error', error);
  return errorResponse(new AppError('internal_error', 'something went wrong on the server; nothing was changed'));
}
