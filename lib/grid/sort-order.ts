import type { Engine } from '@/lib/engine/types';
import { quoteIdent } from '@/lib/notebook/execute';
import { orderBy, sortOrderRef, type GridSort } from './page-query';

let created = 0;

/** A column named rowid hides DuckDB's rowid pseudo-column, which a sort order records: such a table
 * is sorted again for each page instead (slower, still correct). */
export function canMaterialiseOrder(columns: { name: string }[]): boolean {
  return !columns.some((c) => c.name.toLowerCase() === 'rowid');
}

/**
 * Sorts the table once and keeps the result as a temp table of its rowids: row n of the order holds
 * the rowid of the n-th row in grid order. Every later page of that order is a range read instead of
 * another sort (page-query.ts has the numbers). 8 bytes a row; the caller drops it when the sort or
 * the table changes. Returns the order's name for `PageRequest.order`.
 */
export async function createSortOrder(engine: Engine, table: string, sort: NonNullable<GridSort>): Promise<string> {
  created += 1;
  const name = `__assay_grid_order_${created}_${Math.random().toString(36).slice(2, 8)}`;
  await engine.query(
    `CREATE TEMP TABLE ${quoteIdent(name)} AS SELECT src.rowid AS source_rowid FROM ${quoteIdent(table)} AS src ORDER BY ${orderBy(sort)}`,
    { exactTypes: false },
  );
  return name;
}

export async function dropSortOrder(engine: Engine, name: string): Promise<void> {
  await engine.query(`DROP TABLE IF EXISTS ${sortOrderRef(name)}`, { exactTypes: false });
}
