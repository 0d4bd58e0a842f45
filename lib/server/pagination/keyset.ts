import 'server-only';
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { cursorKey, decodeCursor, encodeCursor, type CursorScope, type KeysetKey } from '@/lib/pagination/cursor';
import type { Page, PageQuery } from '@/lib/pagination/query';
import { AppError } from '@/lib/errors';
import type { App } from '@/lib/server/app';

/** What a list service gets: where to start (null: the first page) and how many rows to answer. */
export type PageRequest = { after: KeysetKey | null; limit: number };
/** What a list service answers: the rows and the sort key of the last one when more follow. */
export type KeyedPage<T> = { items: T[]; nextKey: KeysetKey | null };

/** A sort column and the SQL type its cursor value is read back as. */
export type KeyColumn = [column: AnyColumn | SQL, type: 'timestamptz' | 'text' | 'bigint' | 'integer'];

/**
 * `(c1, c2, …) < (v1, v2, …)` for a descending order (`>` ascending): the rows after the key, as a row
 * comparison that an index on the same columns in the same direction answers by a range scan.
 * Every column must be NOT NULL and the last one unique, so the order is total and stable.
 */
export function afterKey(page: PageRequest, direction: 'asc' | 'desc', columns: KeyColumn[]): SQL | undefined {
  if (!page.after) return undefined;
  if (page.after.length !== columns.length) throw new Error(`a keyset of ${columns.length} columns got ${page.after.length} values`);
  const values = columns.map(([, type], i) => sql`${page.after![i]}::${sql.raw(type)}`);
  const left = sql.join(columns.map(([column]) => sql`${column}`), sql`, `);
  return sql`(${left}) ${sql.raw(direction === 'desc' ? '<' : '>')} (${sql.join(values, sql`, `)})`;
}

/** A timestamptz as exact text (microseconds, UTC) for a cursor: a JS Date would drop the microseconds
 * and the next page would skip or repeat rows written in the same millisecond. */
export function exactTime(column: AnyColumn): SQL<string> {
  return sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Rows fetched with `.limit(page.limit + 1)`: the extra row only says that another page follows. */
export function keyedPage<T>(rows: T[], page: PageRequest, keyOf: (row: T) => KeysetKey): KeyedPage<T> {
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextKey: rows.length > page.limit && last ? keyOf(last) : null };
}

/**
 * The edge's half: turns `?cursor=&limit=` into a PageRequest for one list under its filters (a cursor
 * of another list, another filter, expired or forged is refused with a 400 naming `cursor`), and the
 * service's KeyedPage back into a Page with an opaque `nextCursor`.
 *
 *   const paging = keysetPaging(app, { list: 'notebooks', filter: { q } }, query);
 *   const page = paging.page(await listNotebooks(app.db, { q }, paging.request));
 */
export function keysetPaging(app: Pick<App, 'auth'>, scope: CursorScope, query: PageQuery) {
  const key = cursorKey(app.auth.options.secret as string);
  const request: PageRequest = { after: query.cursor ? decodeCursor(key, scope, query.cursor) : null, limit: query.limit };
  return {
    request,
    page<T>(keyed: KeyedPage<T>): Page<T> {
      return { items: keyed.items, nextCursor: keyed.nextKey ? encodeCursor(key, scope, keyed.nextKey) : null };
    },
  };
}

/** For a page's secondary list: a cursor that is refused (another list's, expired, forged) starts the
 * list again from its first page instead of failing the page. */
export function keysetPagingOrFirst(app: Pick<App, 'auth'>, scope: CursorScope, cursor: string | undefined, limit: number): ReturnType<typeof keysetPaging> {
  const paging = keysetPagingForPage(app, scope, { cursor, limit });
  return 'error' in paging ? keysetPaging(app, scope, { limit }) : paging;
}

/** For pages, which show a refusal beside the list instead of answering 400: the same paging, or the
 * message naming the parameter. */
export function keysetPagingForPage(app: Pick<App, 'auth'>, scope: CursorScope, query: PageQuery): ReturnType<typeof keysetPaging> | { error: string } {
  try {
    return keysetPaging(app, scope, query);
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}
