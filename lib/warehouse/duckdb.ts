// Server side only (it loads a native addon); no `import 'server-only'` so Node tests import it.
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { fingerprintSql } from '@/lib/artifact/fingerprint';
import { engineOnConnection } from '@/lib/engine/native';
import { registerMaskingFunctions } from '@/lib/masking/udf';
import type { Column, Rows } from '@/lib/engine/types';
import type { RowBatch } from '@/lib/sources/types';
import { quoteColumn, sqlName, type TableName, type Warehouse } from './types';

/** Rows a production run's cell may hand back to JS (previews, check samples); models stay in DuckDB. */
const RUN_RESULT_ROWS = 10_000;

const csvField = (value: string | null) => (value === null ? '' : `"${value.replaceAll('"', '""')}"`);

/** Text batches as CSV that tells NULL (an empty field) from an empty string (every value is quoted). */
async function* csvChunks(batches: AsyncIterable<RowBatch>): AsyncIterable<string> {
  for await (const batch of batches) {
    let chunk = '';
    for (const row of batch) chunk += `${row.map(csvField).join(',')}\n`;
    yield chunk;
  }
}

export type DuckdbWarehouseOptions = { path: string; threads?: number; memoryLimit?: string };

/**
 * The warehouse as one embedded DuckDB file, multi-threaded (unlike the hardened replay engine it runs
 * trusted, catalogued work). Each operation takes its own connection, so loads and page reads do not
 * queue behind each other; DuckDB's MVCC keeps a table being built invisible until its CREATE commits.
 */
export async function openDuckdbWarehouse(options: DuckdbWarehouseOptions): Promise<Warehouse> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const spool = options.path === ':memory:' ? tmpdir() : join(dirname(options.path), 'warehouse-spool');
  mkdirSync(spool, { recursive: true });
  const instance = await DuckDBInstance.create(options.path, {
    threads: String(options.threads ?? 4),
    memory_limit: options.memoryLimit ?? '2GB',
    // Air-gapped: an extension download must never be attempted.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const setup = await instance.connect();
  await setup.run("SET GLOBAL TimeZone = 'UTC'; CREATE SCHEMA IF NOT EXISTS raw; CREATE SCHEMA IF NOT EXISTS stage; CREATE SCHEMA IF NOT EXISTS prod;");
  // Kept open: the masking functions are registered through it (enableMasking).
  let masking: string | null = null;

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

  const objectKind = async (connection: DuckDBConnection, table: TableName): Promise<'TABLE' | 'VIEW' | null> => {
    const named = (column: string) => `schema_name = '${table.layer}' AND ${column} = '${table.name.replaceAll("'", "''")}'`;
    const reader = await connection.runAndReadAll(
      `SELECT 'TABLE' FROM duckdb_tables() WHERE ${named('table_name')} UNION ALL SELECT 'VIEW' FROM duckdb_views() WHERE ${named('view_name')}`,
    );
    return (reader.getRowsJson()[0]?.[0] as 'TABLE' | 'VIEW' | undefined) ?? null;
  };

  return {
    loadTable: (table, columns, input) =>
      withConnection(async (connection) => {
        // Spooled to a CSV file, then read by DuckDB's own (parallel) CSV reader and cast in one typed
        // CREATE … AS: measured, per-value appender calls cost ~2 µs each through node-api, and
        // reading text rows into JS objects as much again; a file stream keeps memory at one chunk.
        const file = join(spool, `${table.layer}.${table.name}.${process.pid}.csv`);
        try {
          await pipeline('csv' in input ? input.csv : csvChunks(input.batches), createWriteStream(file));
          const textColumns = columns.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
          const typed = columns.map((c, i) => `CAST(c${i} AS ${c.type}) AS ${quoteColumn(c.name)}`).join(', ');
          const read = `read_csv('${file.replaceAll("'", "''")}', header = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, auto_detect = false, columns = {${textColumns}})`;
          const empty = statSync(file).size === 0;
          await connection.run(
            empty
              ? `CREATE TABLE ${sqlName(table)} AS SELECT ${columns.map((c) => `CAST(NULL AS ${c.type}) AS ${quoteColumn(c.name)}`).join(', ')} LIMIT 0`
              : `CREATE TABLE ${sqlName(table)} AS SELECT ${typed} FROM ${read}`,
          );
          const reader = await connection.runAndReadAll(`SELECT count(*) FROM ${sqlName(table)}`);
          return { rows: Number(reader.getRowsJson()[0]?.[0] ?? 0) };
        } finally {
          rmSync(file, { force: true });
        }
      }),
    createTableAs: (table, select) => withConnection(async (c) => void (await c.run(`CREATE TABLE ${sqlName(table)} AS ${select}`))),
    createViewAs: (view, select) => withConnection(async (c) => void (await c.run(`CREATE VIEW ${sqlName(view)} AS ${select}`))),
    swapView: (view, table) => withConnection(async (c) => void (await c.run(`CREATE OR REPLACE VIEW ${sqlName(view)} AS SELECT * FROM ${sqlName(table)}`))),
    // DuckDB refuses DROP TABLE on a view (and DROP VIEW on a table) even with IF EXISTS.
    dropTable: (table) =>
      withConnection(async (c) => {
        const kind = await objectKind(c, table);
        if (kind) await c.run(`DROP ${kind} IF EXISTS ${sqlName(table)}`);
      }),
    exists: (table) => withConnection(async (c) => (await objectKind(c, table)) !== null),
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
        const direction = page.descending ? ' DESC' : '';
        const order = (page.orderBy?.length ? page.orderBy : columns.map((c) => c.name)).map((name) => `t.${quoteColumn(name)}${direction}`).join(', ');
        const result = await textRows(connection, `SELECT ${select} FROM ${sqlName(table)} t ORDER BY ${order} LIMIT ${Math.trunc(page.limit)} OFFSET ${Math.trunc(page.offset)}`);
        return { columns, rows: result.rows };
      }),
    async runEngine(schema, inputs) {
      const connection = await instance.connect();
      try {
        const views = inputs.map((input) => `CREATE VIEW ${quoteColumn(schema)}.${quoteColumn(input.name)} AS SELECT * FROM ${sqlName(input.table)};`);
        await connection.run(`DROP SCHEMA IF EXISTS ${quoteColumn(schema)} CASCADE; CREATE SCHEMA ${quoteColumn(schema)}; ${views.join(' ')} USE ${quoteColumn(schema)};`);
      } catch (error) {
        connection.closeSync();
        throw error;
      }
      return engineOnConnection(connection, { maxResultRows: RUN_RESULT_ROWS, close: async () => connection.closeSync() });
    },
    dropSchema: (schema) => withConnection(async (c) => void (await c.run(`DROP SCHEMA IF EXISTS ${quoteColumn(schema)} CASCADE`))),
    publishViews: (changes) =>
      withConnection(async (connection) => {
        const statements = changes.map(({ view, table }) => {
          const name = sqlName({ layer: 'prod', name: view });
          return table === null ? `DROP VIEW IF EXISTS ${name};` : `CREATE OR REPLACE VIEW ${name} AS SELECT * FROM ${sqlName(table)};`;
        });
        await connection.run('BEGIN TRANSACTION');
        try {
          for (const statement of statements) await connection.run(statement);
          await connection.run('COMMIT');
        } catch (error) {
          await connection.run('ROLLBACK').catch(() => {});
          throw error;
        }
      }),
    exportParquet: (table, path) =>
      withConnection(async (connection) => {
        mkdirSync(dirname(path), { recursive: true });
        await connection.run(`COPY (SELECT * FROM ${sqlName(table)}) TO '${path.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`);
      }),
    query: (select) => withConnection((c) => textRows(c, select)),
    // Functions are registered in the database's catalog, not the connection's: once is enough, and a
    // second registration fails.
    enableMasking: (appSecret) => {
      if (masking !== null) {
        if (masking !== appSecret) throw new Error('the warehouse masks under another secret already');
        return;
      }
      registerMaskingFunctions(setup, appSecret);
      masking = appSecret;
    },
    close: async () => {
      setup.closeSync();
      instance.closeSync();
    },
  };
}
