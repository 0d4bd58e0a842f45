// Server side only (it opens network connections); no `import 'server-only'` so Node tests import it.
import mysql from 'mysql2';
import { mysqlToDuckdb } from './type-map';
import { DEFAULT_BATCH_ROWS, type ReadOptions, type RowBatch, type SourceColumn, type SourceDriver, type SourceTarget, type TableRef } from './types';

const ident = (name: string) => `\`${name.replaceAll('`', '``')}\``;

export function mysqlDriver(target: SourceTarget): SourceDriver {
  const connection = mysql.createConnection({
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: target.password,
    connectTimeout: 10_000,
    // Text values render in UTC and arrive as strings, never as JS numbers or Dates.
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
  });
  // An unhandled 'error' event on a broken connection would crash the process; queries reject anyway.
  connection.on('error', () => {});
  const db = connection.promise();
  const schemaOf = (table: TableRef) => table.schema || target.database;
  let zoned: Promise<unknown> | null = null;
  const ready = () => (zoned ??= db.query("SET time_zone = '+00:00'"));
  return {
    async ping() {
      await ready();
      await db.query('SELECT 1');
    },
    async listTables() {
      await ready();
      const [rows] = await db.query(
        `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME LIMIT 1000`,
        [target.database],
      );
      return (rows as { s: string; n: string }[]).map((r) => ({ schema: r.s, name: r.n }));
    },
    async columns(table) {
      await ready();
      const [rows] = await db.query(
        `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, IS_NULLABLE AS nullable,
                NUMERIC_PRECISION AS p, NUMERIC_SCALE AS s
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        [schemaOf(table), table.name],
      );
      return (rows as { name: string; dataType: string; columnType: string; nullable: string; p: string | null; s: string | null }[]).map(
        (r): SourceColumn => ({
          name: r.name,
          sourceType: r.columnType,
          duckdbType: mysqlToDuckdb(r.dataType, r.columnType, r.p === null ? null : Number(r.p), r.s === null ? null : Number(r.s)),
          nullable: r.nullable === 'YES',
        }),
      );
    },
    async *read(options: ReadOptions): AsyncIterable<RowBatch> {
      await ready();
      const select = options.columns.map((c, i) => `CAST(${ident(c)} AS CHAR) AS c${i}`).join(', ');
      const from = `${ident(schemaOf(options.table))}.${ident(options.table.name)}`;
      const where = options.since ? ` WHERE ${ident(options.since.column)} >= ?` : '';
      const width = options.columns.length;
      const size = options.batchSize ?? DEFAULT_BATCH_ROWS;
      // rowsAsArray + a stream: mysql2 pauses the socket while the consumer is behind (backpressure),
      // so memory stays at about one batch whatever the table size.
      const stream = connection
        .query({ sql: `SELECT ${select} FROM ${from}${where}`, values: options.since ? [options.since.from] : [], rowsAsArray: true })
        .stream({ highWaterMark: size });
      let batch: RowBatch = [];
      for await (const row of stream as AsyncIterable<(string | null)[]>) {
        batch.push(row.length === width ? row : row.slice(0, width));
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    // destroy, not end: end() waits forever on a connection the server refused.
    close: async () => connection.destroy(),
  };
}
