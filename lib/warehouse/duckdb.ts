// Server side only (it loads a native addon); no `import 'server-only'` so Node tests import it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { fingerprintSql } from '@/lib/artifact/fingerprint';
import type { Column, Rows } from '@/lib/engine/types';
import type { RowBatch } from '@/lib/sources/types';
import { quoteColumn, sqlName, type TableName, type Warehouse } from './types';

export type DuckdbWarehouseOptions = { path: string; threads?: number; memoryLimit?: string };

/**
 * The warehouse as one embedded DuckDB file, multi-threaded (unlike the hardened replay engine it runs
 * trusted, catalogued work). Each operation takes its own connection, so loads and page reads do not
 * queue behind each other; DuckDB's MVCC keeps a table being built invisible until its CREATE commits.
 */
export async function openDuckdbWarehouse(options: DuckdbWarehouseOptions): Promise<Warehouse> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const instance = await DuckDBInstance.create(options.path, {
    threads: String(options.threads ?? 4),
    memory_limit: options.memoryLimit ?? '2GB',
    // Air-gapped: an extension download must never be attempted.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const setup = await instance.connect();
  await setup.run("SET GLOBAL TimeZone = 'UTC'; CREATE SCHEMA IF NOT EXISTS raw; CREATE SCHEMA IF NOT EXISTS stage; CREATE SCHEMA IF NOT EXISTS prod;");
  setup.closeSync();

  async function withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await instance.connect();
    try {
      return await fn(connection);
    } finally {
      connection.closeSync();
    }
  }

  async function textRows(connection: DuckDBConnection, sql: string): Promise<Rows> {
    const reader = await connection.runAndReadAll(sql);
    const columns = reader.columnNames().map((name, i) => ({ name, type: reader.columnTypes()[i]!.toString() }));
    const rows = reader.getRowsJson().map((row) => row.map((v) => (v === null ? null : typeof v === 'string' ? v : String(v))));
    return { columns, rows };
  }

  const describeWith = async (connection: DuckDBConnection, table: TableName): Promise<Column[]> => {
    const reader = await connection.runAndReadAll(`DESCRIBE ${sqlName(table)}`);
    return reader.getRowsJson().map((row) => ({ name: String(row[0]), type: String(row[1]) }));
  };

  return {
    loadTable: (table, columns, batches) =>
      withConnection(async (connection) => {
        // Text first, then one typed CREATE … AS: casting in SQL keeps DuckDB's own conversion rules
        // (and error messages), and the appender's per-value calls stay the cheap VARCHAR kind.
        const staging: TableName = { layer: 'stage', name: `${table.name}__text` };
        const textColumns = columns.map((_, i) => `c${i} VARCHAR`).join(', ');
        await connection.run(`CREATE OR REPLACE TABLE ${sqlName(staging)} (${textColumns})`);
        try {
          const appender = await connection.createAppender(staging.name, staging.layer);
          let rows = 0;
          try {
            for await (const batch of batches) {
              for (const row of batch) {
                for (const value of row) {
                  if (value === null) appender.appendNull();
                  else appender.appendVarchar(value);
                }
                appender.endRow();
              }
              rows += batch.length;
              appender.flushSync();
            }
          } finally {
            appender.closeSync();
          }
          const typed = columns.map((c, i) => `CAST(c${i} AS ${c.type}) AS ${quoteColumn(c.name)}`).join(', ');
          await connection.run(`CREATE TABLE ${sqlName(table)} AS SELECT ${typed} FROM ${sqlName(staging)}`);
          return { rows };
        } finally {
          await connection.run(`DROP TABLE IF EXISTS ${sqlName(staging)}`);
        }
      }),
    createTableAs: (table, select) => withConnection(async (c) => void (await c.run(`CREATE TABLE ${sqlName(table)} AS ${select}`))),
    swapView: (view, table) => withConnection(async (c) => void (await c.run(`CREATE OR REPLACE VIEW ${sqlName(view)} AS SELECT * FROM ${sqlName(table)}`))),
    dropTable: (table) => withConnection(async (c) => void (await c.run(`DROP TABLE IF EXISTS ${sqlName(table)}`))),
    exists: (table) =>
      withConnection(async (c) => {
        const reader = await c.runAndReadAll(
          `SELECT count(*) FROM duckdb_tables() WHERE schema_name = '${table.layer}' AND table_name = '${table.name.replaceAll("'", "''")}'`,
        );
        return Number(reader.getRowsJson()[0]?.[0] ?? 0) > 0;
      }),
    describe: (table) => withConnection((c) => describeWith(c, table)),
    fingerprint: (table) =>
      withConnection(async (connection) => {
        // fingerprintSql quotes one name: give the schema-qualified table one through a temp view.
        await connection.run(`CREATE OR REPLACE TEMP VIEW __fingerprint AS SELECT * FROM ${sqlName(table)}`);
        const columns = await describeWith(connection, table);
        const { rows } = await textRows(connection, fingerprintSql('__fingerprint', columns));
        return { rows: Number(rows[0]?.[0] ?? 0), fingerprint: String(rows[0]?.[1]) };
      }),
    readPage: (table, page) =>
      withConnection(async (connection) => {
        const columns = await describeWith(connection, table);
        // Qualified with the table alias: a bare name in ORDER BY would bind to the VARCHAR alias.
        const select = columns.map((c) => `CAST(t.${quoteColumn(c.name)} AS VARCHAR) AS ${quoteColumn(c.name)}`).join(', ');
        const order = (page.orderBy?.length ? page.orderBy : columns.map((c) => c.name)).map((name) => `t.${quoteColumn(name)}`).join(', ');
        const result = await textRows(connection, `SELECT ${select} FROM ${sqlName(table)} t ORDER BY ${order} LIMIT ${Math.trunc(page.limit)} OFFSET ${Math.trunc(page.offset)}`);
        return { columns, rows: result.rows };
      }),
    query: (select) => withConnection((c) => textRows(c, select)),
    close: async () => instance.closeSync(),
  };
}
