/** The one seam between the notebook executor and DuckDB: the browser (DuckDB-WASM) and the server
 * (@duckdb/node-api) each implement it; everything above it is shared code. */

export type EngineKind = 'wasm-browser' | 'wasm-node' | 'native';

export type Column = { name: string; type: string };

/** JSON-safe cell value. BIGINT/HUGEINT arrive as strings (no precision loss); callers that need a
 * stable rendering cast to VARCHAR in SQL so both engines render through DuckDB itself. */
export type Value = string | number | boolean | null;

export type Rows = { columns: Column[]; rows: Value[][] };

export interface Engine {
  readonly kind: EngineKind;
  /** Runs one SQL text (may hold several statements) and returns the last statement's result. */
  query(sql: string): Promise<Rows>;
  /** Interrupts the running query, if any; the pending `query` rejects. */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/** Settings every engine applies before user SQL runs. `enable_external_access=false` also stops
 * DuckDB-WASM from trying to download extensions (it would otherwise leave the machine or hang). */
export const LOCKDOWN_SETTINGS = [
  "SET autoinstall_known_extensions = false",
  "SET autoload_known_extensions = false",
  "SET enable_external_access = false",
  "SET TimeZone = 'UTC'",
] as const;
