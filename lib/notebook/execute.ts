import type { Column, Engine } from '@/lib/engine/types';
import type { SqlCell } from './schema';

export type CellResult = {
  columns: Column[];
  /** First rows as DuckDB renders them (VARCHAR), so both engines show identical text. */
  rows: (string | null)[][];
  rowCount: number;
  elapsedMs: number;
};

export class CellError extends Error {
  constructor(
    message: string,
    /** 1-based line in the cell's own source, when DuckDB named one. */
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'CellError';
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function stripTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/u, '');
}

// The cell body sits on its own lines inside the CREATE, so DuckDB's "LINE n" is one past the cell's.
const WRAPPER_LINES_BEFORE = 1;

function cellError(error: unknown): CellError {
  const raw = error instanceof Error ? error.message : String(error);
  let line: number | null = null;
  const message = raw.replace(/LINE (\d+):/gu, (_match, n: string) => {
    line = Math.max(1, Number(n) - WRAPPER_LINES_BEFORE);
    return `LINE ${line}:`;
  });
  return new CellError(message, line);
}

/** Materialises the cell as a table named after its model, then reads schema, count and a preview. */
export async function runSqlCell(engine: Engine, cell: SqlCell, previewRows = 1000): Promise<CellResult> {
  const started = performance.now();
  const body = stripTrailingSemicolons(cell.source);
  if (body.trim() === '') throw new CellError('the cell is empty: write a SELECT that defines the model', null);
  const table = quoteIdent(cell.name);
  try {
    await engine.query(`CREATE OR REPLACE TABLE ${table} AS (\n${body}\n)`);
  } catch (error) {
    throw cellError(error);
  }
  const described = await engine.query(`DESCRIBE ${table}`);
  const columns = described.rows.map((row) => ({ name: String(row[0]), type: String(row[1]) }));
  const counted = await engine.query(`SELECT count(*)::VARCHAR AS n FROM ${table}`);
  const preview = await engine.query(`SELECT COLUMNS(*)::VARCHAR FROM ${table} LIMIT ${Math.max(0, Math.floor(previewRows))}`);
  return {
    columns,
    rows: preview.rows.map((row) => row.map((v) => (v === null ? null : String(v)))),
    rowCount: Number(counted.rows[0]?.[0] ?? 0),
    elapsedMs: performance.now() - started,
  };
}
