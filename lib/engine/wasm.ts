import type { AsyncDuckDB, AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import type { RecordBatch } from 'apache-arrow';
import { arrowColumns, readArrowRows } from './arrow-results';
import { serialized } from './serial';
import { tablesFromTokens } from './token-tables';
import { executionShell } from './shell';
import { describeStatement } from './statements';
import { LOCKDOWN_SETTINGS, textTableSql, type Column, type Engine, type EngineKind } from './types';
import { toValue } from './values';

export type WasmEngineOptions = {
  /** Settles with an Error if the worker dies: AsyncDuckDB itself then drops its pending requests
   * without settling them, so without this a query would wait forever. */
  workerFailure?: Promise<Error>;
};

type ErrorJson = { exception_type?: unknown; exception_message?: unknown };

/** DuckDB's usual 'Parser Error: …' text. Measured: DuckDB-WASM reports some failures of a pending
 * query (parser errors among them) as DuckDB's JSON error object instead of that text. */
function duckdbError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (!message.startsWith('{')) return error instanceof Error ? error : new Error(message);
  try {
    const parsed = JSON.parse(message) as ErrorJson;
    if (typeof parsed.exception_type === 'string' && typeof parsed.exception_message === 'string') {
      return new Error(`${parsed.exception_type} Error: ${parsed.exception_message}`);
    }
  } catch {
    // not JSON after all: keep the message as it is
  }
  return new Error(message);
}

/** Runs one statement as a pending query, which the worker executes in slices: between two slices it
 * can take the cancel message (a plain `query()` would hold the worker until the end). */
async function runStatement(connection: AsyncDuckDBConnection, statement: string, keep: boolean): Promise<RecordBatch[] | null> {
  // send() resolves once the statement is done and its result's header is back; the batches are
  // fetched one round trip each. An unread result is dropped by the connection's next query.
  const reader = await connection.send(statement, false);
  return keep ? reader.readAll() : null;
}

/** DuckDB's own type names for the result of `statement`, or null when DESCRIBE cannot take it. */
async function describedTypes(connection: AsyncDuckDBConnection, statement: string): Promise<string[] | null> {
  const describe = describeStatement(statement);
  if (describe === null) return null;
  try {
    const table = await connection.query(describe);
    const types = table.getChild('column_type');
    return types ? Array.from({ length: table.numRows }, (_unused, i) => String(types.get(i))) : null;
  } catch {
    return null;
  }
}

/** An Engine over one connection of an instantiated DuckDB-WASM database (browser or Node). */
export async function wasmEngine(db: AsyncDuckDB, kind: EngineKind, options: WasmEngineOptions = {}): Promise<Engine> {
  const connection = await db.connect();
  for (const setting of LOCKDOWN_SETTINGS.wasm) await connection.query(setting);

  const workerFailure = options.workerFailure?.then((error) => Promise.reject(error));
  workerFailure?.catch(() => undefined);
  const alive = <T>(work: Promise<T>): Promise<T> => (workerFailure ? Promise.race([work, workerFailure]) : work);

  const { query, cancel } = executionShell<RecordBatch[]>({
    run: (statement: string, interruptible: boolean, keep: boolean): Promise<RecordBatch[] | null> =>
      alive(interruptible ? runStatement(connection, statement, keep) : connection.query(statement).then((table): RecordBatch[] => table.batches)),
    async read(batches, lastStatement, exactTypes) {
      const first = batches?.[0];
      if (first === undefined) return { columns: [], rows: [] };
      const fromArrow = arrowColumns(first);
      const described = exactTypes ? await alive(describedTypes(connection, lastStatement)) : null;
      const typeNames = described?.length === fromArrow.length ? described : fromArrow.map((column) => column.type);
      const columns: Column[] = fromArrow.map((column, i) => ({ name: column.name, type: typeNames[i] ?? column.type }));
      const rows = readArrowRows(batches ?? [], typeNames).map((row) => row.map(toValue));
      return { columns, rows };
    },
    interrupt: () => connection.cancelSent().then(() => undefined),
    error: duckdbError,
  });

  // DuckDB's parser and binder, inside the worker (the wasm build has no json_serialize_sql).
  const referencedTables = serialized(async (sql: string): Promise<string[]> => {
    try {
      return await connection.getTableNames(sql);
    } catch (error) {
      const failure = duckdbError(error);
      // Measured: getTableNames binds USING joins, so they fail until their tables exist. DuckDB's
      // tokenizer still reads the statement; tables come from its FROM and JOIN clauses then.
      if (!failure.message.startsWith('Binder Error')) throw failure;
      return tablesFromTokens(sql, await db.tokenize(sql));
    }
  });

  return {
    kind,
    query,
    referencedTables,
    cancel,
    // Arrow goes in through DuckDB-WASM's own IPC reader: no file, so enable_external_access=false holds.
    loadTextTable: serialized(async (name: string, columns: readonly Column[], ipc: Uint8Array) => {
      const sql = textTableSql(name, columns);
      try {
        await alive(connection.insertArrowFromIPCStream(ipc, { name: sql.staging, create: true }));
        await alive(connection.query(sql.cast));
      } catch (error) {
        throw duckdbError(error);
      } finally {
        await connection.query(sql.drop).catch(() => undefined);
      }
    }),
    async close() {
      await connection.close().catch(() => undefined);
      await db.terminate();
    },
  };
}
