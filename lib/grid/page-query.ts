import type { Engine } from '@/lib/engine/types';
import { quoteIdent } from '@/lib/notebook/execute';

export type SortDirection = 'asc' | 'desc';
export type GridSort = { column: string; direction: SortDirection } | null;

/** One window of a model table, in the grid's order. `order` names a materialised sort order for
 * `sort` (sort-order.ts); without one, a sorted page sorts the table again. */
export type PageRequest = { table: string; sort: GridSort; offset: number; limit: number; order?: string | null };

/** Rows as DuckDB renders them: text, with NULL kept apart from ''. */
export type PageRow = (string | null)[];

/** Rows in one page of the result grid; a notebook cell's run reads its first page (runSqlCell's preview). */
export const GRID_PAGE_ROWS = 100;

/** The most rows one page may ask for: a grid page is a screenful, not an export (see csv.ts). */
export const MAX_PAGE_ROWS = 1000;

function checkWindow(offset: number, limit: number, maxLimit: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`page offset must be a whole number of rows, 0 or more; got ${String(offset)}`);
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new RangeError(`page limit must be a whole number of rows from 1 to ${maxLimit}; got ${String(limit)}`);
  }
}

/**
 * The SQL for rows [offset, offset + limit) of `table`. Measured on a 1M-row, 6-column table in
 * DuckDB-WASM (bench/grid.ts):
 * - unsorted, a plain LIMIT … OFFSET … reads in table order (8–20 ms at any depth): DuckDB keeps
 *   insertion order without an ORDER BY while `preserve_insertion_order` is on, its default, which the
 *   engines' `lock_configuration` stops user SQL from changing. A model table is built by one
 *   CREATE TABLE AS, so insertion order is rowid order and the order the cell's SELECT produced.
 *   `ORDER BY rowid` would sort the whole table instead (0.4–1.2 s);
 * - sorted, `ORDER BY … LIMIT … OFFSET …` sorts on every page (0.5–2.4 s). With a materialised order
 *   (sort-order.ts, built once in 0.1–0.3 s) a page is a rowid range of that order joined back to the
 *   table (7–25 ms). Both use rowid as the tie-break, so equal values keep table order on every page.
 *
 * The sort column is qualified (`src."x"`) because DuckDB binds a bare ORDER BY name to the select list
 * first, where `x` is already the VARCHAR rendering: 10 would sort before 9.
 */
export function sliceSql(request: PageRequest, maxLimit: number): string {
  const { table, sort, offset, limit, order } = request;
  checkWindow(offset, limit, maxLimit);
  const end = offset + limit;
  if (sort === null) {
    return `SELECT COLUMNS(*)::VARCHAR FROM ${quoteIdent(table)} LIMIT ${limit} OFFSET ${offset}`;
  }
  if (order) {
    return (
      `SELECT COLUMNS(src.*)::VARCHAR FROM ${sortOrderRef(order)} AS pos JOIN ${quoteIdent(table)} AS src ON src.rowid = pos.source_rowid ` +
      `WHERE pos.rowid >= ${offset} AND pos.rowid < ${end} ORDER BY pos.rowid`
    );
  }
  return `SELECT COLUMNS(*)::VARCHAR FROM ${quoteIdent(table)} AS src ORDER BY ${orderBy(sort)} LIMIT ${limit} OFFSET ${offset}`;
}

/** The ORDER BY of a sorted grid, over a table aliased `src`. */
export function orderBy(sort: NonNullable<GridSort>): string {
  return `src.${quoteIdent(sort.column)} ${sort.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, src.rowid ASC`;
}

/** A sort order lives in the temp catalog, apart from the models, so it can never shadow or replace one. */
export function sortOrderRef(name: string): string {
  return `temp.main.${quoteIdent(name)}`;
}

/** The SQL for one grid page; refuses a window that is not whole rows or is larger than MAX_PAGE_ROWS. */
export function pageSql(request: PageRequest): string {
  return sliceSql(request, MAX_PAGE_ROWS);
}

export async function readSlice(engine: Engine, request: PageRequest, maxLimit: number): Promise<PageRow[]> {
  // Every value arrives as VARCHAR, so the engine's extra DESCRIBE for exact types would be wasted.
  const { rows } = await engine.query(sliceSql(request, maxLimit), { exactTypes: false });
  return rows.map((row) => row.map((value) => (value === null ? null : String(value))));
}

/** One page of rows rendered by DuckDB as text; both engines return identical strings. */
export function readPage(engine: Engine, request: PageRequest): Promise<PageRow[]> {
  return readSlice(engine, request, MAX_PAGE_ROWS);
}
