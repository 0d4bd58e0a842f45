/** The one seam between the notebook executor and DuckDB: the browser (DuckDB-WASM) and the server
 * (@duckdb/node-api) each implement it; everything above it is shared code. */

export type EngineKind = 'wasm-browser' | 'wasm-node' | 'native';

/** `type` is DuckDB's own type name: `INTEGER`, `DECIMAL(18,3)`, `TIMESTAMP WITH TIME ZONE`. */
export type Column = { name: string; type: string };

/** JSON-safe cell value, normalised the same way by both engines (the rules are in values.ts):
 * BIGINT/HUGEINT and DECIMAL arrive as exact strings, temporal values as DuckDB's own text, nested
 * values as JSON text. Callers that need DuckDB's rendering cast to VARCHAR in SQL. */
export type Value = string | number | boolean | null;

export type Rows = { columns: Column[]; rows: Value[][] };

export type QueryOptions = {
  /** Column types as DuckDB names them (one extra DESCRIBE); off, they come from the result format,
   * which is enough when the caller renders every value as VARCHAR. Default on. */
  exactTypes?: boolean;
  /** Off for a short metadata query (DESCRIBE, a page of rows): DuckDB-WASM then runs it in one round
   * trip to its worker instead of as a pending query polled until done (three or more), and cancel()
   * cannot stop it. Default on. */
  interruptible?: boolean;
  /** Run for its effect only: the last statement's result is never fetched and `query` resolves with
   * no rows (DuckDB-WASM: an interruptible statement then costs its start and polls, not two more
   * round trips to fetch a result nobody reads). Default off. */
  discardResult?: boolean;
};

/** What `query` rejects with once `cancel()` stopped it: callers tell a cancel from a failing query by
 * this type, never by DuckDB's wording (a failing query may well mention 'cancelled'). */
export class QueryCancelledError extends Error {
  constructor() {
    super('the query was cancelled');
    this.name = 'QueryCancelledError';
  }
}

export interface Engine {
  readonly kind: EngineKind;
  /** The DuckDB-WASM build the browser picked; absent elsewhere. */
  readonly build?: 'wasm-eh' | 'wasm-mvp';
  /** Runs one SQL text (may hold several statements) and returns the last statement's result; rejects
   * with an Error whose message is DuckDB's own. */
  query(sql: string, options?: QueryOptions): Promise<Rows>;
  /** The tables and views a query reads, found by DuckDB's own parser (CTE names excluded), without
   * running it and whether or not those tables exist yet. Rejects with DuckDB's parser error. */
  referencedTables(sql: string): Promise<string[]>;
  /** Interrupts the running query, if any; the pending `query` rejects with QueryCancelledError. */
  cancel(): Promise<void>;
  /** Creates table `name` of `columns` from an Arrow IPC stream whose columns are all text (Utf8, in
   * `columns`' order), each value cast by DuckDB to its column's type — trusted input such as a
   * sample, never user SQL. Rejects with DuckDB's error (a value that does not cast) and leaves no table. */
  loadTextTable(name: string, columns: readonly Column[], ipc: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Settings each engine applies before user SQL runs, in this order. `enable_external_access=false`
 * comes first because it also stops DuckDB-WASM from downloading an extension (measured: under Node
 * that download hangs, in Chromium it leaves the machine). `lock_configuration` comes last: any later
 * SET, RESET or PRAGMA that changes a setting is refused, in both engines alike. */
export const LOCKDOWN_SETTINGS = {
  wasm: [
    'SET enable_external_access = false',
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    'SET lock_configuration = true',
  ],
  // The other native settings are instance options (native.ts); TimeZone is not one of them because it
  // belongs to ICU, which registers its settings only after start-up. The wasm build has no ICU at
  // all: it has no TimeZone setting and already renders TIMESTAMPTZ in UTC.
  native: ["SET GLOBAL TimeZone = 'UTC'", 'SET lock_configuration = true'],
} as const;

/** The statements of Engine.loadTextTable, for both engines: the all-text staging table (created by
 * `create`, or by the engine's Arrow reader under the name `staging`), the typed table cast from it,
 * and the staging table's removal. */
export function textTableSql(name: string, columns: readonly Column[]) {
  const ident = (n: string) => `"${n.replaceAll('"', '""')}"`;
  const staging = `__text_${name}`;
  return {
    staging,
    create: `CREATE TABLE ${ident(staging)} (${columns.map((c) => `${ident(c.name)} VARCHAR`).join(', ')})`,
    cast: `CREATE TABLE ${ident(name)} AS SELECT ${columns.map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`).join(', ')} FROM ${ident(staging)}`,
    drop: `DROP TABLE IF EXISTS ${ident(staging)}`,
  };
}
