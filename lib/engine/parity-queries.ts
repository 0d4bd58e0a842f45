import { describeStatement, splitStatements } from './statements';
import type { Engine, Rows } from './types';

/** One engine-parity case: SQL whose result must be identical in DuckDB-WASM and native DuckDB.
 * `rawDiffers` names why the engines' raw values cannot match (they still match as VARCHAR);
 * `fails` marks a case whose expected outcome is the same error in both engines. */
export type ParityCase = { name: string; sql: string; rawDiffers?: string; fails?: true };

/** Runs in the browser too (the e2e suite compares Chromium with the server): no Node imports here. */
export const parityQueries: readonly ParityCase[] = [
  { name: 'version', sql: 'SELECT version() AS version' },
  { name: 'boolean', sql: 'SELECT b FROM (VALUES (true), (false), (NULL)) t(b)' },
  {
    name: 'signed integers',
    sql: `SELECT (-128)::TINYINT AS ti_min, 127::TINYINT AS ti_max, (-32768)::SMALLINT AS si_min, 32767::SMALLINT AS si_max,
      (-2147483648)::INTEGER AS i_min, 2147483647::INTEGER AS i_max,
      '-9223372036854775808'::BIGINT AS bi_min, 9223372036854775807::BIGINT AS bi_max,
      '-170141183460469231731687303715884105728'::HUGEINT AS hi_min, '170141183460469231731687303715884105727'::HUGEINT AS hi_max,
      (-1)::HUGEINT AS hi_minus_one`,
  },
  {
    name: 'unsigned integers',
    sql: `SELECT 255::UTINYINT AS ut, 65535::USMALLINT AS us, 4294967295::UINTEGER AS ui,
      '18446744073709551615'::UBIGINT AS ub, '340282366920938463463374607431768211455'::UHUGEINT AS uh, 0::UHUGEINT AS uh_zero`,
  },
  {
    name: 'decimal(18,3)',
    sql: `SELECT d::DECIMAL(18,3) AS d FROM (VALUES ('0'), ('-0.001'), ('1.5'), ('-1.5'), ('123456789012345.678'), ('-999999999999999.999'), (NULL)) t(d)`,
  },
  {
    name: 'decimal(38,10) and small decimals',
    sql: `SELECT '1234567890123456789012345678.0123456789'::DECIMAL(38,10) AS big, '-0.0000000001'::DECIMAL(38,10) AS tiny,
      '-12.3'::DECIMAL(4,1) AS small, '1234567.89'::DECIMAL(9,2) AS medium, '-12'::DECIMAL(4,0) AS no_scale`,
  },
  {
    name: 'float',
    sql: `SELECT f::FLOAT AS f FROM (VALUES ('0.1'), ('-0.0'), ('3.4028235e38'), ('1e-45'), ('NaN'), ('inf'), ('-inf'), ('1.0'), (NULL)) t(f)`,
  },
  {
    name: 'double',
    sql: `SELECT d::DOUBLE AS d FROM (VALUES ('0.1'), ('-0.0'), ('1e308'), ('5e-324'), ('0.30000000000000004'), ('NaN'), ('inf'), ('-inf'),
      ('123456789.123456789'), ('-1.5e-10'), (NULL)) t(d)`,
  },
  { name: 'double arithmetic', sql: 'SELECT x / 7 AS seventh, sqrt(x) AS root, exp(x / 10) AS e, ln(x + 1) AS l FROM range(10) t(x)' },
  {
    name: 'varchar',
    sql: `SELECT s FROM (VALUES (''), ('NULL'), (NULL), ('plain'), ('unicode: ü 日本 🦆 ﷽'), ('quotes '' and "'),
      ('tab' || chr(9) || 'newline' || chr(10) || 'end'), (repeat('long', 500))) t(s)`,
  },
  {
    name: 'blob',
    sql: `SELECT b::BLOB AS b FROM (VALUES (''), ('abc'), ('\\xAA\\x00ab'), ('\\x5C\\x27\\x22\\x7F\\xFF'), (NULL)) t(b)`,
  },
  { name: 'bit', sql: `SELECT '101'::BIT AS a, '1'::BIT AS b, '0000000011'::BIT AS c, '10101010101010101'::BIT AS d` },
  {
    name: 'date',
    sql: `SELECT d::DATE AS d FROM (VALUES ('2024-02-29'), ('1970-01-01'), ('1969-12-31'), ('0001-01-01'), ('0044-03-15 (BC)'),
      ('9999-12-31'), ('12345-06-07'), ('infinity'), ('-infinity'), (NULL)) t(d)`,
  },
  {
    name: 'time',
    sql: `SELECT t::TIME AS t FROM (VALUES ('00:00:00'), ('23:59:59.999999'), ('12:34:56.5'), ('01:02:03.000001'), ('24:00:00'), (NULL)) t(t)`,
  },
  {
    name: 'time with time zone',
    sql: `SELECT t::TIMETZ AS t FROM (VALUES ('01:02:03+05:30'), ('23:59:59-08'), ('12:00:00+00')) t(t)`,
    rawDiffers: 'DuckDB-WASM ships TIMETZ over Arrow as a plain time: the offset is lost',
  },
  {
    name: 'timestamp',
    sql: `SELECT t::TIMESTAMP AS t FROM (VALUES ('2024-01-02 03:04:05.123456'), ('1970-01-01 00:00:00'), ('1969-12-31 23:59:59.999999'),
      ('0044-03-15 (BC) 10:00:00'), ('2262-04-11 23:47:16.854775'), ('infinity'), ('-infinity'), (NULL)) t(t)`,
  },
  {
    name: 'timestamp precisions',
    sql: `SELECT '2024-01-01 00:00:00.123456789'::TIMESTAMP_NS AS ns, '1969-12-31 23:59:59.999999999'::TIMESTAMP_NS AS ns_before_epoch,
      '2024-01-01 00:00:00.12'::TIMESTAMP_MS AS ms, '2024-01-01 00:00:01'::TIMESTAMP_S AS s, '1900-01-01 00:00:00'::TIMESTAMP_S AS s_old`,
  },
  {
    name: 'timestamptz',
    sql: `SELECT t::TIMESTAMPTZ AS t FROM (VALUES ('2024-01-02 03:04:05.123456+02'), ('2024-06-30 23:59:59-07'), ('1970-01-01 00:00:00+00'),
      ('infinity'), (NULL)) t(t)`,
  },
  {
    name: 'interval',
    sql: `SELECT i::INTERVAL AS i FROM (VALUES ('1 year 2 months 3 days 04:05:06.789'), ('-1 day -02:00:00'), ('0 seconds'), ('100 hours'),
      ('1 microsecond'), ('-13 months'), ('-0.5 seconds'), ('25 months'), (NULL)) t(i)`,
  },
  {
    name: 'uuid',
    sql: `SELECT u::UUID AS u FROM (VALUES ('00000000-0000-0000-0000-000000000000'), ('ffffffff-ffff-ffff-ffff-ffffffffffff'),
      ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), ('7fffffff-ffff-ffff-ffff-ffffffffffff'), (NULL)) t(u)`,
  },
  {
    name: 'lists',
    sql: `SELECT [1, 2, 3] AS ints, []::INTEGER[] AS empty, NULL::INTEGER[] AS null_list, [NULL]::INTEGER[] AS list_of_null,
      [[1], [2, 3], []] AS nested, ['a', NULL, 'b c', ''] AS texts, [DATE '2024-01-01', NULL] AS dates,
      ['1.5'::DECIMAL(18,3)] AS decimals, [1.5, 'NaN'::DOUBLE, 'inf'::DOUBLE, -0.0] AS doubles,
      [9223372036854775807] AS bigints, [INTERVAL 1 DAY] AS intervals, ['\\xAA'::BLOB] AS blobs`,
  },
  { name: 'arrays', sql: `SELECT [1, 2, 3]::INTEGER[3] AS ints, ['a', 'b']::VARCHAR[2] AS texts, [[1, 2], [3, 4]]::INTEGER[2][2] AS matrix` },
  {
    name: 'structs',
    sql: `SELECT {'a': 1, 'b': 'x'} AS simple, {'a b': [1], 'c': NULL} AS quoted_field, {'1': 1, 'b': 2} AS numeric_name,
      {'x': {'y': DATE '2024-01-01', 'z': 1.5::DECIMAL(4,1)}} AS nested, NULL::STRUCT(a INTEGER) AS null_struct,
      {'n': NULL::VARCHAR} AS null_field`,
  },
  {
    name: 'maps',
    sql: `SELECT MAP {'k': 1, 'j': 2} AS text_keys, MAP {1: [1, 2], 2: []} AS list_values, MAP {}::MAP(VARCHAR, INTEGER) AS empty,
      NULL::MAP(VARCHAR, INTEGER) AS null_map, MAP {DATE '2024-01-01': {'a': 1}} AS date_keys`,
  },
  {
    name: 'enums',
    sql: `SELECT m::ENUM('sad', 'ok', 'happy') AS m, [m::ENUM('sad', 'ok', 'happy')] AS in_list,
      {'mood': m::ENUM('sad', 'ok', 'happy')} AS in_struct FROM (VALUES ('ok'), ('happy'), (NULL), ('sad')) t(m)`,
  },
  { name: 'union', sql: `SELECT union_value(num := 42)::UNION(num INTEGER, str VARCHAR) AS u, union_value(str := 'x')::UNION(num INTEGER, str VARCHAR) AS v` },
  {
    name: 'nulls of every type',
    sql: `SELECT NULL AS untyped, NULL::BOOLEAN AS b, NULL::INTEGER AS i, NULL::BIGINT AS bi, NULL::DOUBLE AS d, NULL::DECIMAL(18,3) AS dec,
      NULL::VARCHAR AS v, NULL::BLOB AS bl, NULL::DATE AS dt, NULL::TIMESTAMP AS ts, NULL::TIMESTAMPTZ AS tz, NULL::INTERVAL AS iv,
      NULL::UUID AS u, NULL::INTEGER[] AS l, NULL::STRUCT(a INTEGER) AS s, NULL::MAP(VARCHAR, INTEGER) AS m`,
  },
  {
    name: 'hash',
    sql: `SELECT hash(42) AS int, hash('duck') AS text, hash(3.14::DOUBLE) AS dbl, hash([1, 2]) AS list, hash({'a': 1}) AS struct,
      hash(DATE '2024-01-01') AS date, hash(TIMESTAMPTZ '2024-01-01 00:00:00+00') AS tz, hash('1.5'::DECIMAL(18,3)) AS dec,
      hash('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID) AS uuid, hash(NULL) AS null_hash, hash(-0.0::DOUBLE) = hash(0.0::DOUBLE) AS zeros_alike`,
  },
  { name: 'seeded random', sql: 'SELECT setseed(0.42); SELECT random() AS r FROM range(5)' },
  {
    name: 'md5 and sha256',
    sql: `SELECT md5('duck') AS md5, sha256('duck') AS sha256, md5('') AS md5_empty, sha256('') AS sha256_empty,
      md5_number('duck') AS md5_number, sha256('unicode: ü 日本 🦆') AS sha256_unicode`,
  },
  {
    name: 'aggregates over range(100000)',
    sql: `SELECT count(*) AS n, sum(x) AS total, avg(x) AS mean, min(x) AS lo, max(x) AS hi, stddev_samp(x) AS sd,
      sum(x * 0.1) AS decimal_sum, sum(x::DOUBLE * 0.1) AS double_sum, sum(hash(x)::HUGEINT) AS hash_sum, bit_xor(hash(x)) AS hash_xor,
      quantile_cont(x, 0.5) AS median, count(DISTINCT x % 1000) AS distinct_k, md5(string_agg(x::VARCHAR, ',' ORDER BY x)) AS digest
      FROM range(100000) t(x)`,
  },
  {
    name: 'group by over range(100000)',
    sql: 'SELECT x % 7 AS k, count(*) AS n, sum(x) AS total, avg(x) AS mean FROM range(100000) t(x) GROUP BY k ORDER BY k',
  },
  {
    name: 'statements build on each other',
    sql: `CREATE OR REPLACE TEMP TABLE parity_numbers AS SELECT x FROM range(10) t(x);
      INSERT INTO parity_numbers VALUES (100);
      SELECT count(*) AS n, sum(x) AS total FROM parity_numbers`,
  },
  { name: 'statement without a query result', sql: 'CREATE OR REPLACE TEMP TABLE parity_empty AS SELECT 1 AS a' },
  { name: 'pragma', sql: 'PRAGMA version' },
  { name: 'no rows', sql: 'SELECT 1 AS one, [1] AS list WHERE false' },
  { name: 'parser error', sql: 'SELECT 42 after', fails: true },
  { name: 'binder error', sql: 'SELECT no_such_column FROM range(3)', fails: true },
  { name: 'error on a later line of a later statement', sql: 'SELECT 1;\nSELECT\n  no_such_column', fails: true },
  { name: 'conversion error', sql: `SELECT 'abc'::INTEGER`, fails: true },
  { name: 'file access refused', sql: `SELECT * FROM read_csv('/etc/passwd')`, fails: true },
  { name: 'settings locked', sql: 'SET threads = 2', fails: true },
  { name: 'attach refused', sql: `ATTACH ':memory:' AS elsewhere`, fails: true },
];

/** The SQL of a case with its last statement's columns cast to VARCHAR, so DuckDB itself renders every
 * value. Statements that are not queries (PRAGMA, DDL) cannot be wrapped and run as they are. */
export function asVarchar(sql: string): string {
  const statements = splitStatements(sql);
  const last = statements.pop();
  if (last === undefined || describeStatement(last) === null) return sql;
  return [...statements, `SELECT COLUMNS(*)::VARCHAR FROM (\n${last}\n)`].join(';\n');
}

function errorRows(error: unknown): Rows {
  return { columns: [{ name: 'error', type: 'ERROR' }], rows: [[error instanceof Error ? error.message : String(error)]] };
}

/**
 * Runs every parity case on `engine`. By default each result is rendered to VARCHAR by DuckDB; with
 * `raw`, the engine's own normalised values are kept (cases marked `rawDiffers` are skipped). A case
 * that fails records its error message as a one-cell result, so errors are compared too.
 */
export async function runParitySuite(engine: Engine, render: 'varchar' | 'raw' = 'varchar'): Promise<Record<string, Rows>> {
  const results: Record<string, Rows> = {};
  for (const parityCase of parityQueries) {
    if (render === 'raw' && parityCase.rawDiffers !== undefined) continue;
    try {
      results[parityCase.name] = await engine.query(render === 'varchar' ? asVarchar(parityCase.sql) : parityCase.sql);
    } catch (error) {
      results[parityCase.name] = errorRows(error);
    }
  }
  return results;
}

/** Suite results as stable text (the form stored in __snapshots__/parity.*.json, so the browser e2e can
 * compare with the same files): valid JSON, one case per key in suite order, one row per line, and a
 * negative zero written as "number:-0" because JSON.stringify would print it as 0. */
export function parityJson(results: Record<string, Rows>): string {
  const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (Object.is(v, -0) ? 'number:-0' : v));
  const cases = Object.entries(results).map(([name, { columns, rows }]) => {
    const lines = rows.map((row) => `      ${json(row)}`).join(',\n');
    return `  ${json(name)}: {\n    "columns": ${json(columns)},\n    "rows": [${rows.length ? `\n${lines}\n    ` : ''}]\n  }`;
  });
  return `{\n${cases.join(',\n')}\n}\n`;
}
