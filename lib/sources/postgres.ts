// Server side only (it opens network connections); no `import 'server-only'` so Node tests import it.
import postgres from 'postgres';
import { postgresToDuckdb } from './type-map';
import { DEFAULT_BATCH_ROWS, type ReadOptions, type RowBatch, type SourceColumn, type SourceDriver, type SourceTarget, type TableRef } from './types';

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Types whose COPY output loads as their `::text` does (the cast is the type's output function, or
 * binary for varchar); COPY writes them as they are, which cost a quarter less in a 1M-row COPY of
 * bench/loads.ts's table (measured through postgres.js: 850 → 600 ms). Others keep the cast:
 * character (COPY keeps the padding `::text` trims), inet (`::text` adds the netmask), anything not
 * listed. */
const COPY_AS_TEXT = new Set([
  'smallint',
  'integer',
  'bigint',
  'numeric',
  'real',
  'double precision',
  'text',
  'character varying',
  'date',
  'timestamp without time zone',
  'timestamp with time zone',
  'uuid',
  'json',
  'jsonb',
  'interval',
  // COPY writes t/f, ::text true/false: the same BOOLEAN once DuckDB casts either.
  'boolean',
]);

export function postgresDriver(target: SourceTarget): SourceDriver {
  const sql = postgres({
    host: target.host,
    port: target.port,
    database: target.database,
    username: target.user,
    password: target.password,
    max: 1,
    connect_timeout: 10,
    idle_timeout: 30,
    // Text values render in UTC, so a timestamptz reads the same whatever the server's zone.
    connection: { TimeZone: 'UTC', application_name: 'assay-load' },
    onnotice: () => {},
    prepare: false,
  });
  const schemaOf = (table: TableRef) => table.schema || 'public';
  const driver: SourceDriver = {
    async ping() {
      await sql`SELECT 1`;
    },
    async listTables() {
      const rows = await sql<{ table_schema: string; table_name: string }[]>`
        SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type IN ('BASE TABLE', 'VIEW')
        ORDER BY table_schema, table_name LIMIT 1000`;
      return rows.map((r) => ({ schema: r.table_schema, name: r.table_name }));
    },
    async columns(table) {
      const rows = await sql<{ column_name: string; data_type: string; is_nullable: string; numeric_precision: number | null; numeric_scale: number | null }[]>`
        SELECT column_name, data_type, is_nullable, numeric_precision, numeric_scale
        FROM information_schema.columns WHERE table_schema = ${schemaOf(table)} AND table_name = ${table.name}
        ORDER BY ordinal_position`;
      return rows.map(
        (r): SourceColumn => ({
          name: r.column_name,
          sourceType: r.data_type,
          duckdbType: postgresToDuckdb(r.data_type, r.data_type === 'numeric' ? r.numeric_precision : null, r.numeric_scale),
          nullable: r.is_nullable === 'YES',
        }),
      );
    },
    async *read(options: ReadOptions): AsyncIterable<RowBatch> {
      const select = options.columns.map((c, i) => `${ident(c)}::text AS c${i}`).join(', ');
      const from = `${ident(schemaOf(options.table))}.${ident(options.table.name)}`;
      const where = options.since ? ` WHERE ${ident(options.since.column)} >= $1` : '';
      const params = options.since ? [options.since.from] : [];
      const width = options.columns.length;
      const cursor = sql.unsafe(`SELECT ${select} FROM ${from}${where}`, params).cursor(options.batchSize ?? DEFAULT_BATCH_ROWS);
      for await (const rows of cursor) {
        yield rows.map((row) => {
          const values: (string | null)[] = new Array(width);
          for (let i = 0; i < width; i++) values[i] = (row[`c${i}`] as string | null) ?? null;
          return values;
        });
      }
    },
    async *readCsv(options: ReadOptions): AsyncIterable<Uint8Array> {
      // COPY takes no bind parameters: the watermark goes in as a literal (quotes doubled; standard
      // conforming strings are PostgreSQL's default and the session cannot be told otherwise here).
      const types = options.sourceTypes ?? new Map((await driver.columns(options.table)).map((c) => [c.name, c.sourceType]));
      const select = options.columns.map((c) => (COPY_AS_TEXT.has(types.get(c) ?? '') ? ident(c) : `${ident(c)}::text`)).join(', ');
      const from = `${ident(schemaOf(options.table))}.${ident(options.table.name)}`;
      const where = options.since ? ` WHERE ${ident(options.since.column)} >= '${options.since.from.replaceAll("'", "''")}'` : '';
      const stream = await sql.unsafe(`COPY (SELECT ${select} FROM ${from}${where}) TO STDOUT WITH (FORMAT csv)`).readable();
      for await (const chunk of stream) yield chunk as Uint8Array;
    },
    close: () => sql.end({ timeout: 5 }),
  };
  return driver;
}
