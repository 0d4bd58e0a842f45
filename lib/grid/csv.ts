import Papa from 'papaparse';
import type { Column, Engine } from '@/lib/engine/types';
import { readSlice, type GridSort } from './page-query';
import { canMaterialiseOrder, createSortOrder, dropSortOrder } from './sort-order';

export type CsvSource = { table: string; columns: Pick<Column, 'name'>[]; sort: GridSort };

export type CsvOptions = {
  /** Rows read and encoded per step; each step becomes one Blob part. */
  chunkRows?: number;
  /** Called after each chunk with the rows written so far. */
  onProgress?: (rowsWritten: number) => void;
  /** Stops the export between two chunks; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
};

/** 50,000 rows of six columns is a few MB of text per step: large enough that the per-query cost
 * vanishes, small enough that no step holds a big share of a million-row result. */
export const DEFAULT_CSV_CHUNK_ROWS = 50_000;
const MAX_CSV_CHUNK_ROWS = 1_000_000;

// RFC 4180 line ends. NULL becomes an empty field and '' a quoted empty field (""), the convention
// PostgreSQL's and DuckDB's own CSV readers use to tell the two apart. Formula escaping stays off: it
// would prefix every negative number with a quote.
const encoding = {
  newline: '\r\n',
  quotes: (value: unknown) => value === '',
} as const;

/** Rows as CSV lines in the encoding above (no trailing newline): the server's exports use it too. */
export const csvLines = (rows: readonly (readonly unknown[])[]) => Papa.unparse(rows as unknown[][], encoding);
export const CSV_NEWLINE = encoding.newline;

/**
 * The table, in the grid's current order, as a CSV Blob with a header row. Rows are read from DuckDB
 * a chunk at a time and each chunk is encoded to one string, so neither the whole result nor one
 * string of the whole file ever exists in JavaScript; the Blob joins the parts. A sorted export sorts
 * once into a temp order (sort-order.ts) rather than once per chunk, and drops it at the end.
 */
export async function exportCsv(engine: Engine, source: CsvSource, options: CsvOptions = {}): Promise<Blob> {
  const chunkRows = options.chunkRows ?? DEFAULT_CSV_CHUNK_ROWS;
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 1 || chunkRows > MAX_CSV_CHUNK_ROWS) {
    throw new RangeError(`CSV chunk size must be a whole number of rows from 1 to ${MAX_CSV_CHUNK_ROWS}; got ${String(chunkRows)}`);
  }
  const parts: string[] = [csvLines([source.columns.map((c) => c.name)])];
  const order = source.sort && canMaterialiseOrder(source.columns) ? await createSortOrder(engine, source.table, source.sort) : null;
  try {
    let offset = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const slice = { table: source.table, sort: source.sort, order, offset, limit: chunkRows };
      const rows = await readSlice(engine, slice, chunkRows);
      if (rows.length > 0) parts.push(encoding.newline + csvLines(rows));
      offset += rows.length;
      options.onProgress?.(offset);
      if (rows.length < chunkRows) break;
    }
  } finally {
    // A failed drop leaves 8 bytes a row in a temp table; it must not hide why the export failed.
    if (order) await dropSortOrder(engine, order).catch(() => undefined);
  }
  parts.push(encoding.newline);
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}
