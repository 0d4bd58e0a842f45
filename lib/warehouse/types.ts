import type { TableFingerprint } from '@/lib/artifact/fingerprint';
import type { Column, Engine, Rows } from '@/lib/engine/types';
import type { RowBatch } from '@/lib/sources/types';

/** Rows to load: text batches, or CSV bytes (NULL an empty unquoted field, an empty string `""`). */
export type LoadInput = { batches: AsyncIterable<RowBatch> } | { csv: AsyncIterable<Uint8Array> };

/** A table in a warehouse layer: `raw` holds one physical table per snapshot (for a delta a view and its delta table), `stage` samples in flight,
 * `prod` the production views, and each production run its own schema of physical tables. */
export type TableName = { layer: 'raw' | 'stage' | 'prod' | RunSchema; name: string };

/** A production run's own schema (`run_<id>_v<version>`), or a verification's (`run_<id>_verify<n>`). */
export type RunSchema = `run_${string}`;

/** One production view: pointed at a run's table, or dropped (`table: null`). */
export type ViewChange = { view: string; table: TableName | null };

/**
 * The few operations the production plane asks of a warehouse (SQLMesh's EngineAdapter idea, kept
 * small): another engine (DuckLake, MotherDuck) replaces the DuckDB file by implementing these.
 * Every statement here is trusted, catalogued work — never a user's notebook SQL.
 */
export interface Warehouse {
  /** Appends batches of source text into a new table of `columns`, each value cast by the warehouse to
   * its column's type; the table does not exist under `name` until every batch is in. Rejects with the
   * warehouse's own error (e.g. a value that does not cast) and leaves nothing behind. */
  loadTable(table: TableName, columns: readonly Column[], rows: LoadInput): Promise<{ rows: number }>;
  /** `CREATE TABLE table AS select` (trusted SQL naming tables with `sqlName`). */
  createTableAs(table: TableName, select: string): Promise<void>;
  /** `CREATE VIEW view AS select`: a snapshot stored as a delta over an earlier one (docs/sources.md). */
  createViewAs(view: TableName, select: string): Promise<void>;
  /** Points a view at a table in one statement (publish = swap the view, never copy). */
  swapView(view: TableName, table: TableName): Promise<void>;
  /** Drops the table or view under the name, if there is one. */
  dropTable(table: TableName): Promise<void>;
  /** Whether a table or view has the name. */
  exists(table: TableName): Promise<boolean>;
  describe(table: TableName): Promise<Column[]>;
  fingerprint(table: TableName): Promise<TableFingerprint>;
  /** Rows `offset`..`offset+limit` in the table's primary order, every value as the warehouse's text. */
  readPage(table: TableName, page: { offset: number; limit: number; orderBy?: readonly string[]; descending?: boolean }): Promise<Rows>;
  /** A fresh schema for a production run (an earlier attempt's is dropped first) holding a view per
   * input over its snapshot table, and an Engine whose unqualified names resolve in it: the notebook
   * executor builds the models there. Closing the engine keeps the schema. */
  runEngine(schema: RunSchema, inputs: readonly { name: string; table: TableName }[]): Promise<Engine>;
  dropSchema(schema: RunSchema): Promise<void>;
  /** Every change in one transaction: readers see all the views before or all after (publish). */
  publishViews(changes: readonly ViewChange[]): Promise<void>;
  /** Writes the table as one Parquet file (DuckDB's own writer) at `path`. */
  exportParquet(table: TableName, path: string): Promise<void>;
  /** Registers the pseudonymising functions (lib/masking) under the app secret, once per warehouse, so
   * trusted SQL such as a sample's masking can call them. */
  enableMasking(appSecret: string): void;
  /** One trusted SELECT whose values come back as text (checks, watermarks). */
  query(select: string): Promise<Rows>;
  close(): Promise<void>;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

export const sqlName = (table: TableName) => `${ident(table.layer)}.${ident(table.name)}`;
export const quoteColumn = ident;
