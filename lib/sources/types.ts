import { z } from 'zod';

/** `files`: CSV and Parquet files uploaded through the app (lib/sources/files.ts), one table a file. */
export const SOURCE_KINDS = ['postgres', 'mysql', 'files'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Where a source database is; the password travels apart from it (lib/server/sources/secrets.ts). For
 * `files`, `database` is the directory holding the files and the rest is empty. */
export type SourceTarget = { kind: SourceKind; host: string; port: number; database: string; user: string; password: string };

/** A column as the source database describes it, with the DuckDB type Assay loads it as. */
export type SourceColumn = { name: string; sourceType: string; duckdbType: string; nullable: boolean };

/** One batch of rows, every value as the source's own text (or null), in the order of `columns`. */
export type RowBatch = (string | null)[][];

export type ReadOptions = {
  table: TableRef;
  columns: readonly string[];
  /** Only rows whose cursor column is at least `from` (an incremental load); none: every row. */
  since?: { column: string; from: string; duckdbType: string };
  batchSize?: number;
  /** The source's types of `columns` (SourceColumn.sourceType), when the caller has read them: spares
   * PostgreSQL's COPY a catalog query of its own. */
  sourceTypes?: ReadonlyMap<string, string>;
};

export type TableRef = { schema: string; name: string };

/** What every source driver offers: a probe, introspection, and rows as a stream of bounded batches. */
export interface SourceDriver {
  /** Resolves when the database answers; rejects with the database's own error message. */
  ping(): Promise<void>;
  listTables(): Promise<TableRef[]>;
  /** The columns of `table`, in table order; an empty list when the table does not exist. */
  columns(table: TableRef): Promise<SourceColumn[]>;
  /** Rows in batches read with a server-side cursor or stream: never the whole table in memory. */
  read(options: ReadOptions): AsyncIterable<RowBatch>;
  /** The same rows as CSV bytes straight from the database's own export (PostgreSQL's COPY), when
   * the driver has one: NULL an empty unquoted field, an empty string quoted (`""`). */
  readCsv?(options: ReadOptions): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

export const DEFAULT_BATCH_ROWS = 10_000;

const name = z.string().min(1).max(128).regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'a plain identifier (letters, digits, _ and $)');

/** `schema.table` or `table` (then the connection's default schema). */
export const TableName = z
  .string()
  .max(260)
  .transform((text, ctx): TableRef | typeof z.NEVER => {
    const parts = text.split('.');
    const parsed = parts.map((part) => name.safeParse(part));
    if (parts.length > 2 || parsed.some((p) => !p.success)) {
      ctx.addIssue({ code: 'custom', message: 'a table is `schema.table` or `table`, plain identifiers' });
      return z.NEVER;
    }
    return parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { schema: '', name: parts[0]! };
  });

export const tableText = (table: TableRef) => (table.schema ? `${table.schema}.${table.name}` : table.name);
