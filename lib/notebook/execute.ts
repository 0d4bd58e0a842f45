import { QueryCancelledError, type Column, type Engine } from '@/lib/engine/types';
import type { SqlCell } from './schema';

export type CellResult = {
  columns: Column[];
  /** The first `previewRows` rows as DuckDB renders them (VARCHAR), so both engines show identical
   * text; the grid pages the model's table itself. */
  rows: (string | null)[][];
  rowCount: number;
  elapsedMs: number;
};

export class CellError extends Error {
  constructor(
    message: string,
    /** 1-based line in the cell's own source, when DuckDB named one. */
    readonly line: number | null,
    /** 1-based column in that line, from DuckDB's caret under the excerpt. */
    readonly column: number | null = null,
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

/** DuckDB's error with its 'LINE n:' excerpt renumbered to the cell's own lines; the caret under the
 * excerpt gives the column (DuckDB excerpts long lines, so it is only trusted when the excerpt is the
 * start of the line). */
export function cellError(error: unknown, source?: string): CellError {
  const raw = error instanceof Error ? error.message : String(error);
  const lines = raw.split('\n');
  let line: number | null = null;
  let column: number | null = null;
  for (let i = 0; i < lines.length; i++) {
    const match = /^LINE (\d+): (.*)$/u.exec(lines[i]!);
    if (!match) continue;
    const prefix = `LINE ${match[1]}: `;
    line = Math.max(1, Number(match[1]) - WRAPPER_LINES_BEFORE);
    const renumbered = `LINE ${line}: `;
    lines[i] = renumbered + match[2];
    const caret = lines[i + 1];
    if (caret !== undefined && /^ *\^$/u.test(caret)) {
      const at = caret.length - 1 - prefix.length;
      lines[i + 1] = ' '.repeat(Math.max(0, at + renumbered.length)) + '^';
      const sourceLine = source?.split('\n')[line - 1];
      if (at >= 0 && (sourceLine === undefined || sourceLine.startsWith(match[2]!.trimEnd()))) column = at + 1;
    }
    break;
  }
  return new CellError(lines.join('\n'), line, column);
}

/** Materialises the cell as a table named after its model, then reads its columns, types, row count
 * and, when asked, a preview. Only the CREATE can run long, so only it runs as an interruptible query,
 * and its own result (the count) is never fetched. A preview that is neither empty nor full says it
 * all: its rows are the count, and `typeof` beside each column names the type exactly as DESCRIBE
 * does (one DuckDB function prints both; execute.test.ts holds them equal for every parity type).
 * Otherwise one DESCRIBE with the count follows. So a quick cell costs DuckDB-WASM's worker two
 * round trips (fetching the CREATE's result, a DESCRIBE and a preview of their own took five).
 * Measured under Node: one query that also brought types and count to an empty or full preview
 * (an outer join, UNION ALL, ORDER BY) cost DuckDB more than the round trip it saved. */
export async function runSqlCell(engine: Engine, cell: SqlCell, previewRows = 0): Promise<CellResult> {
  const started = performance.now();
  const body = stripTrailingSemicolons(cell.source);
  if (body.trim() === '') throw new CellError('the cell is empty: write a SELECT that defines the model', null);
  const table = quoteIdent(cell.name);
  try {
    await engine.query(`CREATE OR REPLACE TABLE ${table} AS (\n${body}\n)`, { exactTypes: false, discardResult: true });
  } catch (error) {
    if (error instanceof QueryCancelledError) throw error;
    throw cellError(error, cell.source);
  }
  const metadata = { exactTypes: false, interruptible: false } as const;
  const limit = Math.max(0, Math.floor(previewRows));
  const preview = limit > 0 ? await engine.query(`SELECT COLUMNS(*)::VARCHAR, typeof(COLUMNS(*)) FROM ${table} LIMIT ${limit}`, metadata) : null;
  const width = (preview?.columns.length ?? 0) / 2;
  const rows = (preview?.rows ?? []).map((row) => row.slice(0, width).map((v) => (v === null ? null : String(v))));
  const first = preview?.rows[0];
  if (preview !== null && first !== undefined && rows.length < limit) {
    return {
      columns: preview.columns.slice(0, width).map((column, i) => ({ name: column.name, type: String(first[width + i]) })),
      rows,
      rowCount: rows.length,
      elapsedMs: performance.now() - started,
    };
  }
  const described = await engine.query(`SELECT column_name, column_type, (SELECT count(*) FROM ${table}) FROM (DESCRIBE ${table})`, metadata);
  return {
    columns: described.rows.map((row) => ({ name: String(row[0]), type: String(row[1]) })),
    rows,
    rowCount: Number(described.rows[0]?.[2] ?? 0),
    elapsedMs: performance.now() - started,
  };
}
