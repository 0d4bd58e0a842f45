// Server side only (it loads a native addon): client code must never import this module. It has no
// `import 'server-only'` because the Node tests and the replay CLI import it outside Next.
import {
  DuckDBArrayType,
  DuckDBInstance,
  DuckDBListType,
  DuckDBMapType,
  DuckDBStructType,
  DuckDBUnionType,
  type DuckDBConnection,
  type DuckDBResultReader,
  type DuckDBType,
} from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { nativeRaw } from './native-values';
import { serialized } from './serial';
import { executionShell } from './shell';
import { describeStatement } from './statements';
import { tablesInParseTree } from './parse-tree';
import { LOCKDOWN_SETTINGS, textTableSql, type Column, type Engine } from './types';
import { toValue } from './values';

export type NativeEngineOptions = {
  /** DuckDB worker threads; 1 (the default) keeps replays deterministic. */
  threads?: number;
  /** DuckDB's memory_limit, e.g. '1GB' (the default). */
  memoryLimit?: string;
  /** A result with more rows is refused with an error instead of being read into this process. */
  maxResultRows?: number;
};

export const DEFAULT_MAX_RESULT_ROWS = 100_000;

/** The package this engine is, as an artifact or a replay names it (assets.test.ts keeps it true). */
export const NATIVE_PACKAGE = '@duckdb/node-api@1.4.3-r.3';

function fieldName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/u.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** DuckDB's name for a node-api type, for results DESCRIBE cannot describe (SHOW, PRAGMA, DDL…).
 * node-api's own toString quotes every struct field, DuckDB only those that need it. */
function nativeTypeName(type: DuckDBType): string {
  if (type.alias) return type.alias;
  if (type instanceof DuckDBListType) return `${nativeTypeName(type.valueType)}[]`;
  if (type instanceof DuckDBArrayType) return `${nativeTypeName(type.valueType)}[${type.length}]`;
  if (type instanceof DuckDBMapType) return `MAP(${nativeTypeName(type.keyType)}, ${nativeTypeName(type.valueType)})`;
  if (type instanceof DuckDBStructType) {
    return `STRUCT(${type.entryNames.map((name, i) => `${fieldName(name)} ${nativeTypeName(type.entryTypes[i] ?? type)}`).join(', ')})`;
  }
  if (type instanceof DuckDBUnionType) {
    return `UNION(${type.memberTags.map((tag, i) => `${fieldName(tag)} ${nativeTypeName(type.memberTypes[i] ?? type)}`).join(', ')})`;
  }
  return type.toString();
}

/** DuckDB's own type names for the result of `statement`, or null when DESCRIBE cannot take it. */
async function describedTypes(connection: DuckDBConnection, statement: string): Promise<string[] | null> {
  const describe = describeStatement(statement);
  if (describe === null) return null;
  try {
    const reader = await connection.runAndReadAll(describe);
    return reader.getRowsJson().map((row) => String(row[1]));
  } catch {
    return null;
  }
}

/** DuckDB's message as the wasm build words it. Measured: through node-api a parser error carries
 * its 'LINE n: …' context twice; the repeat is dropped. */
function duckdbError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const context = message.indexOf('\n\nLINE ');
  if (context >= 0) {
    const tail = message.slice(context);
    const half = tail.length / 2;
    if (Number.isInteger(half) && tail.slice(0, half) === tail.slice(half)) return new Error(message.slice(0, context + half));
  }
  return error instanceof Error ? error : new Error(message);
}

/**
 * DuckDB (@duckdb/node-api) in this process, hardened for untrusted SQL: no file or network access,
 * no extension install or autoload, community extensions off, bounded threads and memory, UTC, and the
 * configuration locked so user SQL cannot SET any of it back. ATTACH/DETACH/INSTALL/LOAD are refused
 * before DuckDB sees them (refusals.ts), as in the browser engine.
 */
export async function createNativeEngine(options: NativeEngineOptions = {}): Promise<Engine> {
  const instance = await DuckDBInstance.create(':memory:', {
    enable_external_access: 'false',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    threads: String(options.threads ?? 1),
    memory_limit: options.memoryLimit ?? '1GB',
  });
  const connection = await instance.connect();
  for (const setting of LOCKDOWN_SETTINGS.native) await connection.run(setting);
  return engineOnConnection(connection, {
    maxResultRows: options.maxResultRows,
    close: async () => {
      connection.closeSync();
      instance.closeSync();
    },
  });
}

/**
 * The Engine over one node-api connection: the execution shell (refusals, cancellation), result rows
 * bounded by `maxResultRows`, DuckDB's own parse tree for referencedTables. The replay engine above
 * and the warehouse's production runs share it, so a cell runs through the same code everywhere.
 */
export function engineOnConnection(connection: DuckDBConnection, options: { maxResultRows?: number; close: () => Promise<void> }): Engine {

  const maxRows = options.maxResultRows ?? DEFAULT_MAX_RESULT_ROWS;

  const { query, cancel } = executionShell<DuckDBResultReader>({
    async run(statement) {
      // Reads one row past the bound: DuckDB holds the full result, this process never more than maxRows.
      const reader = await connection.runAndReadUntil(statement, maxRows + 1);
      if (reader.currentRowCount > maxRows) {
        throw new Error(`Result Error: the result has more than ${maxRows} rows; the server engine returns at most ${maxRows} rows to a caller`);
      }
      return reader;
    },
    async read(reader, lastStatement, exactTypes) {
      if (reader === null) return { columns: [], rows: [] };
      const types = reader.columnTypes();
      const names = reader.columnNames();
      const described = exactTypes ? await describedTypes(connection, lastStatement) : null;
      const columns: Column[] = names.map((name, i) => {
        const type = types[i];
        return { name, type: described?.length === names.length ? (described[i] ?? '') : type ? nativeTypeName(type) : 'UNKNOWN' };
      });
      const rows = reader.getRows().map((row) => row.map((value, i) => toValue(nativeRaw(value, types[i]))));
      return { columns, rows };
    },
    interrupt: () => connection.interrupt(),
    error: duckdbError,
  });

  // The native build has the json extension built in: DuckDB's own parse tree, walked in parse-tree.ts.
  const referencedTables = serialized(async (sql: string): Promise<string[]> => {
    const prepared = await connection.prepare('SELECT json_serialize_sql($1::VARCHAR)');
    prepared.bindVarchar(1, sql);
    const reader = await prepared.runAndReadAll();
    return tablesInParseTree(String(reader.getRows()[0]?.[0] ?? '{}'));
  });

  const loadTextTable = serialized(async (name: string, columns: readonly Column[], ipc: Uint8Array) => {
    const sql = textTableSql(name, columns);
    try {
      await connection.run(sql.create);
      const appender = await connection.createAppender(sql.staging);
      for (const batch of tableFromIPC(ipc).batches) {
        const vectors = columns.map((_, i) => batch.getChildAt(i));
        for (let row = 0; row < batch.numRows; row++) {
          for (const vector of vectors) {
            const value: unknown = vector?.get(row);
            if (value === null || value === undefined) appender.appendNull();
            else appender.appendVarchar(String(value));
          }
          appender.endRow();
        }
      }
      appender.closeSync();
      await connection.run(sql.cast);
    } catch (error) {
      throw duckdbError(error);
    } finally {
      await connection.run(sql.drop).catch(() => undefined);
    }
  });

  return { kind: 'native', query, referencedTables, cancel, loadTextTable, close: options.close };
}
