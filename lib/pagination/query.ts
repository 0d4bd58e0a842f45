import { z } from 'zod';
import { AppError } from '@/lib/errors';

/** `?cursor=&limit=` of a list. Each list picks its default and maximum; a limit outside 1..max is
 * refused rather than clamped, so a client never believes it got what it asked for when it did not. */
export function PageQuery({ defaultLimit, maxLimit }: { defaultLimit: number; maxLimit: number }) {
  return z.object({
    cursor: z.string().min(1, 'an empty cursor; leave it out for the first page').max(2_000, 'not a cursor this server issued').optional(),
    limit: z.coerce
      .number({ error: `a whole number from 1 to ${maxLimit}` })
      .int(`a whole number from 1 to ${maxLimit}`)
      .min(1, `a whole number from 1 to ${maxLimit}`)
      .max(maxLimit, `a whole number from 1 to ${maxLimit}`)
      .default(defaultLimit),
  });
}
export type PageQuery = z.infer<ReturnType<typeof PageQuery>>;

/** One page of a list and where the next one starts (null: this is the last page). */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** Parses `cursor`/`limit` out of a query string's values; a bad one is a 400 naming the parameter
 * (the zod error would be a 422 about a "body"). */
export function readPageQuery(schema: ReturnType<typeof PageQuery>, query: Record<string, string | undefined>): PageQuery {
  const parsed = schema.safeParse({ cursor: query.cursor, limit: query.limit });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const parameter = String(issue?.path[0] ?? 'limit');
  throw new AppError('bad_request', `${parameter}: ${issue?.message ?? 'invalid'}`, { parameter });
}
