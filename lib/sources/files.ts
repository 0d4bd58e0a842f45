// Server side only (it loads a native addon). A "database" of uploaded files: one directory, one
// table per file `<table>.csv` or `<table>.parquet`, read by DuckDB's own CSV sniffer and Parquet reader.
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ReadOptions, RowBatch, SourceColumn, SourceDriver, TableRef } from './types';

export const FILE_FORMATS = ['csv', 'parquet'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];
export const FILE_TABLE = /^[a-z_][a-z0-9_]{0,62}$/;

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The table function that reads `path` as `format`: the CSV sniffer decides delimiter, header, types. */
export const readerOf = (path: string, format: FileFormat) => (format === 'parquet' ? `read_parquet(${literal(path)})` : `read_csv(${literal(path)})`);

/** The file behind `table` in `dir`, if there is one. */
export function fileOf(dir: string, table: string): { path: string; format: FileFormat } | null {
  if (!FILE_TABLE.test(table)) return null;
  for (const format of FILE_FORMATS) {
    const path = join(dir, `${table}.${format}`);
    if (existsSync(path)) return { path, format };
  }
  return null;
}

async function withDuckdb<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  // Trusted work on files a steward uploaded; one thread, no extension downloads.
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    return await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The columns DuckDB reads from a file, or DuckDB's error when it cannot read it as `format`. */
export async function describeFile(path: string, format: FileFormat): Promise<SourceColumn[]> {
  return withDuckdb(async (connection) => {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${readerOf(path, format)}`);
    return reader.getRowsJson().map((row) => ({ name: String(row[0]), sourceType: `${String(row[1])} (${format})`, duckdbType: String(row[1]), nullable: true }));
  });
}

function selectOf(dir: string, options: ReadOptions): string {
  const file = fileOf(dir, options.table.name);
  if (!file) throw new Error(`file table ${options.table.name} does not exist (no ${options.table.name}.csv or .parquet uploaded)`);
  const columns = options.columns.map((c) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(c)}`).join(', ');
  const since = options.since ? ` WHERE ${ident(options.since.column)} >= CAST(${literal(options.since.from)} AS ${options.since.duckdbType})` : '';
  return `SELECT ${columns} FROM ${readerOf(file.path, file.format)}${since}`;
}

/** Uploaded files as a source: listing, columns and rows all come from DuckDB reading the file. */
export function filesDriver(dir: string): SourceDriver {
  return {
    async ping() {
      mkdirSync(dir, { recursive: true });
    },
    async listTables(): Promise<TableRef[]> {
      if (!existsSync(dir)) return [];
      const names = readdirSync(dir).flatMap((file) => {
        const match = /^([a-z_][a-z0-9_]{0,62})\.(csv|parquet)$/.exec(file);
        return match ? [match[1]!] : [];
      });
      return [...new Set(names)].sort().map((name) => ({ schema: '', name }));
    },
    async columns(table) {
      const file = fileOf(dir, table.name);
      return file ? describeFile(file.path, file.format) : [];
    },
    // Chunk by chunk from DuckDB's streaming result: never the whole file in memory.
    async *read(options) {
      const select = selectOf(dir, options);
      const instance = await DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
      const connection = await instance.connect();
      try {
        const result = await connection.stream(select);
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          yield chunk.getRows().map((row) => row.map((v) => (v === null ? null : String(v)))) as RowBatch;
        }
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    },
    // DuckDB writes the rows as CSV itself (every value quoted, NULL empty), then the file is streamed.
    async *readCsv(options) {
      const select = selectOf(dir, options);
      const spool = join(dir, `.export-${process.pid}-${Date.now()}.csv`);
      try {
        await withDuckdb((connection) => connection.run(`COPY (${select}) TO ${literal(spool)} (FORMAT csv, HEADER false, FORCE_QUOTE *)`));
        for await (const chunk of createReadStream(spool)) yield chunk as Uint8Array;
      } finally {
        rmSync(spool, { force: true });
      }
    },
    async close() {},
  };
}
