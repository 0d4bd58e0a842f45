import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { fingerprintSql, fingerprintTable, rowHashSql, valueTokenSql } from './fingerprint';
import { parseFingerprintType } from './fingerprint-types';

// Every value below is fingerprinted in DuckDB-WASM and in native DuckDB: the browser's fingerprint
// must be the one the server's replay computes. Each case lists SQL values of one type; all values of
// a case, and NULL, must hash apart at the top level of a row. The token beside each value is the
// canonical text docs/fingerprint.md promises for it inside a nested value (a LIST, STRUCT, MAP or
// UNION), where values are hashed as text.
type Case = { type: string; values: [sql: string, token: string][] };

const CASES: Case[] = [
  { type: 'BOOLEAN', values: [['true', '4:true'], ['false', '5:false'], ['NULL', 'N']] },
  { type: 'TINYINT', values: [['-128', '4:-128'], ['127', '3:127'], ['0', '1:0']] },
  { type: 'SMALLINT', values: [['-32768', '6:-32768'], ['7', '1:7']] },
  { type: 'INTEGER', values: [['-2147483648', '11:-2147483648'], ['42', '2:42'], ['NULL', 'N']] },
  { type: 'BIGINT', values: [['-9223372036854775808', '20:-9223372036854775808'], ['9223372036854775807', '19:9223372036854775807']] },
  {
    type: 'HUGEINT',
    values: [
      ['-170141183460469231731687303715884105728', '40:-170141183460469231731687303715884105728'],
      ['170141183460469231731687303715884105727', '39:170141183460469231731687303715884105727'],
    ],
  },
  { type: 'UTINYINT', values: [['255', '3:255']] },
  { type: 'UBIGINT', values: [['18446744073709551615', '20:18446744073709551615']] },
  { type: 'UHUGEINT', values: [['340282366920938463463374607431768211455', '39:340282366920938463463374607431768211455']] },
  { type: 'BIGNUM', values: [["'-123456789012345678901234567890123456789012'", '43:-123456789012345678901234567890123456789012']] },
  { type: 'DECIMAL(18,2)', values: [['1.50', '3:1.5'], ['1.05', '4:1.05'], ['0', '1:0'], ['-12.30', '5:-12.3'], ['100', '3:100']] },
  { type: 'DECIMAL(4,0)', values: [['1200', '4:1200'], ['-10', '3:-10']] },
  { type: 'DECIMAL(38,10)', values: [['1234567890123456789012345678.0123456789', '39:1234567890123456789012345678.0123456789'], ['-0.5', '4:-0.5']] },
  {
    type: 'DOUBLE',
    values: [
      ['0.0', '3:0.0'],
      ["'-0.0'", '4:-0.0'],
      ["'nan'", '3:nan'],
      ["'inf'", '3:inf'],
      ["'-inf'", '4:-inf'],
      ['0.1', '3:0.1'],
      ['1.0/3', '18:0.3333333333333333'],
      ['1e300', '6:1e+300'],
      ['5e-324', '6:5e-324'],
      ['-123456789.125', '14:-123456789.125'],
      ['NULL', 'N'],
    ],
  },
  { type: 'FLOAT', values: [['0.1', '3:0.1'], ["'-0.0'", '4:-0.0'], ["'nan'", '3:nan'], ["'-inf'", '4:-inf'], ['3.4028235e38', '13:3.4028235e+38']] },
  {
    type: 'VARCHAR',
    values: [
      ["''", '0:'],
      ["'NULL'", '4:NULL'],
      ['NULL', 'N'],
      ["'N'", '1:N'],
      ["'héllo'", '6:héllo'],
      ["'it''s 3:4'", '8:it\'s 3:4'],
      ["'line' || chr(10) || 'break'", '10:line\nbreak'],
      ["'🦆'", '4:🦆'],
    ],
  },
  { type: 'BLOB', values: [["'\\xAA\\x00'", '4:AA00'], ["''", '0:'], ["'NULL'", '8:4E554C4C'], ['NULL', 'N']] },
  { type: 'BIT', values: [["'101'", '3:101'], ["'0101'", '4:0101']] },
  { type: 'UUID', values: [["'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'", '36:a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11']] },
  { type: "ENUM('sad', 'ok')", values: [["'ok'", '2:ok'], ["'sad'", '3:sad']] },
  {
    type: 'DATE',
    values: [
      ["'2024-02-29'", '10:2024-02-29'],
      ["'0044-03-15 (BC)'", '15:0044-03-15 (BC)'],
      ["'infinity'", '8:infinity'],
      ["'-infinity'", '9:-infinity'],
    ],
  },
  { type: 'TIME', values: [["'23:59:59.999999'", '15:23:59:59.999999'], ["'00:00:00'", '8:00:00:00']] },
  { type: 'TIME_NS', values: [["'12:00:00.123456789'", '18:12:00:00.123456789']] },
  { type: 'TIME WITH TIME ZONE', values: [["'12:34:56+05:30'", '14:12:34:56+05:30'], ["'07:04:56+00'", '11:07:04:56+00']] },
  {
    type: 'TIMESTAMP',
    values: [
      ["'2024-01-02 03:04:05.123456'", '26:2024-01-02 03:04:05.123456'],
      ["'2024-01-02 03:04:05'", '19:2024-01-02 03:04:05'],
      ["'infinity'", '8:infinity'],
    ],
  },
  { type: 'TIMESTAMP_S', values: [["'2024-01-02 03:04:05'", '19:2024-01-02 03:04:05']] },
  { type: 'TIMESTAMP_MS', values: [["'2024-01-02 03:04:05.123'", '23:2024-01-02 03:04:05.123']] },
  { type: 'TIMESTAMP_NS', values: [["'2024-01-02 03:04:05.123456789'", '29:2024-01-02 03:04:05.123456789']] },
  {
    type: 'TIMESTAMP WITH TIME ZONE',
    values: [
      // The same instant written with another offset is the same value: both render in UTC.
      ["'2024-01-02 03:04:05.123456+02'", '29:2024-01-02 01:04:05.123456+00'],
      ["'2024-01-02 01:04:05+00'", '22:2024-01-02 01:04:05+00'],
      ["'1969-12-31 23:59:59.999999+00'", '29:1969-12-31 23:59:59.999999+00'],
      ["'-290000-01-01 00:00:00+00'", '29:290001-01-01 (BC) 00:00:00+00'],
      ["'infinity'", '8:infinity'],
      ["'-infinity'", '9:-infinity'],
    ],
  },
  {
    type: 'INTERVAL',
    values: [
      ["'1 year 2 months 3 days 04:05:06.5'", '33:1 year 2 months 3 days 04:05:06.5'],
      ["'1 month'", '7:1 month'],
      ["'30 days'", '7:30 days'],
      ["'-25 hours'", '9:-25:00:00'],
      ["'0 seconds'", '8:00:00:00'],
    ],
  },
  {
    type: 'INTEGER[]',
    values: [
      ['[1, NULL, 2]', '[1:1N1:2]'],
      ['[]', '[]'],
      ['[NULL]', '[N]'],
      ['NULL', 'N'],
      ['[12]', '[2:12]'],
      ['[1, 2]', '[1:11:2]'],
    ],
  },
  { type: 'VARCHAR[]', values: [["['a', 'b']", '[1:a1:b]'], ["['ab']", '[2:ab]'], ["['a,b']", '[3:a,b]'], ["['NULL']", '[4:NULL]'], ["['']", '[0:]']] },
  { type: 'DOUBLE[]', values: [['[0.0]', '[3:0.0]'], ["['-0.0'::DOUBLE]", '[4:-0.0]'], ["['nan'::DOUBLE]", '[3:nan]']] },
  { type: 'INTEGER[][]', values: [['[[1], [2, 3]]', '[[1:1][1:21:3]]'], ['[[1, 2], [3]]', '[[1:11:2][1:3]]'], ['[[]]', '[[]]'], ['[]', '[]']] },
  { type: 'INTEGER[3]', values: [['[1, NULL, 3]', '[1:1N1:3]'], ['[1, 2, 3]', '[1:11:21:3]']] },
  {
    type: 'STRUCT(a INTEGER, "b c" VARCHAR)',
    values: [
      ["{'a': 1, 'b c': 'x'}", '{1:a1:13:b c1:x}'],
      ["{'a': NULL, 'b c': NULL}", '{1:aN3:b cN}'],
      ['NULL', 'N'],
      ["{'a': 1, 'b c': 'NULL'}", '{1:a1:13:b c4:NULL}'],
    ],
  },
  {
    type: 'STRUCT("at" TIMESTAMP WITH TIME ZONE, xs DOUBLE[], blob BLOB)',
    values: [
      ["{'at': '2024-01-01 12:00:00+01', 'xs': ['-0.0'::DOUBLE, 'inf'], 'blob': '\\x01'::BLOB}", '{2:at22:2024-01-01 11:00:00+002:xs[4:-0.03:inf]4:blob2:01}'],
      ["{'at': NULL, 'xs': [], 'blob': ''::BLOB}", '{2:atN2:xs[]4:blob0:}'],
    ],
  },
  {
    type: 'STRUCT(k STRUCT(x INTEGER)[])',
    values: [
      ["{'k': [{'x': 1}, NULL, {'x': NULL}]}", '{1:k[{1:x1:1}N{1:xN}]}'],
      ["{'k': [{'x': 1}]}", '{1:k[{1:x1:1}]}'],
    ],
  },
  {
    type: 'MAP(VARCHAR, INTEGER)',
    values: [
      ["MAP {'a': 1, 'b': NULL}", '[{3:key1:a5:value1:1}{3:key1:b5:valueN}]'],
      // DuckDB keeps a map's entries in insertion order and does not call these two maps equal.
      ["MAP {'b': NULL, 'a': 1}", '[{3:key1:b5:valueN}{3:key1:a5:value1:1}]'],
      ['MAP {}', '[]'],
      ['NULL', 'N'],
    ],
  },
  { type: 'MAP(INTEGER, DOUBLE[])', values: [["MAP {1: ['-0.0'::DOUBLE]}", '[{3:key1:15:value[4:-0.0]}]'], ['MAP {1: [0.0]}', '[{3:key1:15:value[3:0.0]}]']] },
  {
    type: 'UNION(n INTEGER, s VARCHAR)',
    values: [
      ['union_value(n := 4)', '<1:n1:4>'],
      ["union_value(s := '4')", '<1:s1:4>'],
      ['NULL', 'N'],
    ],
  },
];

/** Each row's hash and each value's canonical text (as inside a nested value) of table `t`, whose one
 * column is `v`, in insertion order. */
async function hashesAndTokens(engine: Engine) {
  const described = await engine.query('DESCRIBE t', { exactTypes: false });
  const columns = described.rows.map(([name, type]) => ({ name: String(name), type: String(type) }));
  const hashes = (await engine.query(rowHashSql('t', columns), { exactTypes: false })).rows.map(([h]) => String(h));
  const token = valueTokenSql('v', parseFingerprintType(columns[0]?.type ?? ''));
  const tokens = (await engine.query(`SELECT ${token} FROM t`, { exactTypes: false })).rows.map(([text]) => text);
  return { hashes, tokens };
}

describe('result fingerprints on DuckDB-WASM and native DuckDB', () => {
  let engines: [native: Engine, wasm: Engine];
  beforeAll(async () => {
    engines = [await createNativeEngine(), await createWasmNodeEngine()];
  });
  afterAll(async () => {
    for (const engine of engines) await engine.close();
  });

  /** Runs `run` on both engines and returns the two results. */
  const onBoth = <T>(run: (engine: Engine) => Promise<T>) => Promise.all(engines.map(run));

  /** The fingerprint of `select` on both engines, asserted equal, and its row count. */
  async function fingerprintOf(select: string) {
    const [native, wasm] = await onBoth(async (engine) => {
      await engine.query(`CREATE OR REPLACE TABLE fp_subject AS ${select}`);
      return fingerprintTable(engine, 'fp_subject');
    });
    expect(wasm).toEqual(native);
    expect(native?.fingerprint).toMatch(/^fp2:[0-9a-f]{64}$/u);
    return native as { rows: number; fingerprint: string };
  }

  it.each(CASES)('$type: the same row hashes and fingerprints on both engines, every value and NULL apart', async ({ type, values }) => {
    const withNull = values.some(([sql]) => sql === 'NULL') ? values : [...values, ['NULL', 'N'] as [string, string]];
    const rows = withNull.map(([sql], i) => `(${i}, (${sql})::${type})`).join(', ');
    const [native, wasm] = await onBoth(async (engine) => {
      await engine.query(`CREATE OR REPLACE TABLE t AS SELECT v FROM (VALUES ${rows}) AS input(i, v) ORDER BY i`);
      return hashesAndTokens(engine);
    });
    expect(wasm).toEqual(native);
    expect(new Set(native?.hashes).size).toBe(withNull.length);
    expect(native?.tokens).toEqual(withNull.map(([, token]) => token));

    const fingerprints: string[] = [];
    for (const [sql] of withNull) fingerprints.push((await fingerprintOf(`SELECT (${sql})::${type} AS v`)).fingerprint);
    expect(new Set(fingerprints).size).toBe(withNull.length);
  });

  it('gives NaN one canonical form however its sign bit is set', async () => {
    const nan = await fingerprintOf("SELECT 'nan'::DOUBLE AS v");
    expect(await fingerprintOf("SELECT '-nan'::DOUBLE AS v")).toEqual(nan);
    expect(await fingerprintOf("SELECT ('inf'::DOUBLE - 'inf'::DOUBLE) AS v")).toEqual(nan);
  });

  it('tells -0.0 from 0.0 in a row of several columns, and inside a list', async () => {
    const zero = await fingerprintOf("SELECT 1 AS id, 0.0::DOUBLE AS x, 'a' AS label");
    expect((await fingerprintOf("SELECT 1 AS id, '-0.0'::DOUBLE AS x, 'a' AS label")).fingerprint).not.toBe(zero.fingerprint);
    expect((await fingerprintOf("SELECT 1 AS id, '-0.0'::FLOAT AS x, 'a' AS label")).fingerprint).not.toBe(
      (await fingerprintOf("SELECT 1 AS id, 0.0::FLOAT AS x, 'a' AS label")).fingerprint,
    );
    expect((await fingerprintOf("SELECT ['-0.0'::DOUBLE] AS xs")).fingerprint).not.toBe((await fingerprintOf('SELECT [0.0::DOUBLE] AS xs')).fingerprint);
  });

  it('hashes a TIMESTAMPTZ as its instant, whatever offset it was written with', async () => {
    const utc = await fingerprintOf("SELECT '2024-01-02 01:04:05.123456+00'::TIMESTAMPTZ AS at");
    expect(await fingerprintOf("SELECT '2024-01-02 03:04:05.123456+02'::TIMESTAMPTZ AS at")).toEqual(utc);
    expect(await fingerprintOf("SELECT ['2024-01-02 03:04:05.123456+02'::TIMESTAMPTZ] AS at")).toEqual(
      await fingerprintOf("SELECT ['2024-01-02 01:04:05.123456+00'::TIMESTAMPTZ] AS at"),
    );
  });

  it('separates columns unambiguously, keeps NULL apart from empty and NULL text, and follows column order', async () => {
    const rows = [
      "SELECT 'a' AS x, 'bc' AS y",
      "SELECT 'ab' AS x, 'c' AS y",
      "SELECT 'bc' AS x, 'a' AS y",
      "SELECT NULL::VARCHAR AS x, '' AS y",
      "SELECT '' AS x, NULL::VARCHAR AS y",
      "SELECT 'NULL' AS x, '' AS y",
      "SELECT '1:a' AS x, '' AS y",
      "SELECT '' AS x, '1:a' AS y",
      'SELECT 1 AS x, 2 AS y',
      'SELECT 2 AS y, 1 AS x',
      'SELECT 1 AS x, 1 AS y',
      'SELECT 2 AS x, 2 AS y',
    ];
    const fingerprints = new Set<string>();
    for (const select of rows) fingerprints.add((await fingerprintOf(select)).fingerprint);
    expect(fingerprints.size).toBe(rows.length);
  });

  it('changes when values of one column are swapped between rows, for the first and the last column', async () => {
    const values = (list: string) => `SELECT * FROM (VALUES ${list}) AS t(id, label, score)`;
    const base = await fingerprintOf(values("(1, 'a', 10), (2, 'b', 20)"));
    expect((await fingerprintOf(values("(1, 'a', 20), (2, 'b', 10)"))).fingerprint).not.toBe(base.fingerprint);
    expect((await fingerprintOf(values("(2, 'a', 10), (1, 'b', 20)"))).fingerprint).not.toBe(base.fingerprint);
    expect((await fingerprintOf(values("(1, 'b', 10), (2, 'a', 20)"))).fingerprint).not.toBe(base.fingerprint);
  });

  it('ignores row order and counts duplicate rows', async () => {
    const values = (list: string) => `SELECT * FROM (VALUES ${list}) AS t(id, label)`;
    const base = await fingerprintOf(values("(1, 'a'), (2, 'b'), (3, NULL)"));
    expect(base.rows).toBe(3);
    expect(await fingerprintOf(values("(3, NULL), (1, 'a'), (2, 'b')"))).toEqual(base);
    expect(await fingerprintOf(`${values("(1, 'a'), (2, 'b'), (3, NULL)")} ORDER BY id DESC`)).toEqual(base);

    const doubled = await fingerprintOf(values("(1, 'a'), (1, 'a'), (2, 'b'), (3, NULL)"));
    expect(doubled.rows).toBe(4);
    expect(doubled.fingerprint).not.toBe(base.fingerprint);
    const otherDouble = await fingerprintOf(values("(1, 'a'), (2, 'b'), (2, 'b'), (3, NULL)"));
    expect(otherDouble.fingerprint).not.toBe(doubled.fingerprint);
    // Two copies of one row do not cancel out (as they would under XOR).
    const twice = await fingerprintOf(values("(1, 'a'), (1, 'a')"));
    expect(twice.fingerprint).not.toBe((await fingerprintOf(`${values("(9, 'z')")} LIMIT 0`)).fingerprint);
  });

  it('changes when a single value changes anywhere in a larger table, and agrees across engines', async () => {
    const generated = (id: number, label: string) => `
      SELECT i AS id, i * 0.25 AS amount, (i / 7)::DOUBLE AS ratio, 'row ' || i AS label,
             (TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE)::TIMESTAMPTZ AS at, [i, i % 3] AS pair,
             {'even': i % 2 = 0, 'tag': CASE WHEN i % 5 = 0 THEN NULL ELSE 'x' END} AS info
      FROM range(20000) AS r(i)
      UNION ALL SELECT ${id}, 0, 0, '${label}', NULL, [], NULL`;
    const base = await fingerprintOf(generated(-1, 'extra'));
    expect(base.rows).toBe(20001);
    expect((await fingerprintOf(generated(-1, 'Extra'))).fingerprint).not.toBe(base.fingerprint);
    expect((await fingerprintOf(generated(-2, 'extra'))).fingerprint).not.toBe(base.fingerprint);
  });

  it('keeps the value pinned for fp2: a DuckDB release that changed hash() would have to bump the version', async () => {
    const pinned = await fingerprintOf(`
      SELECT i::INTEGER AS id, i::BIGINT * 1000000007 AS big, 'row ' || i AS label, (i * 0.25)::DECIMAL(18,2) AS amount,
             (i * 0.5)::DECIMAL(38,2) AS wide, i / 3 AS ratio, DATE '2024-01-01' + i::INTEGER AS day,
             TIMESTAMP '2024-01-01' + to_seconds(i) AS at, (TIMESTAMP '2024-01-01' + to_seconds(i))::TIMESTAMPTZ AS at_tz,
             i % 2 = 0 AS even, '\\x00ff'::BLOB AS bytes, ('00000000-0000-4000-8000-' || lpad(i::VARCHAR, 12, '0'))::UUID AS id_uuid,
             to_months(i::INTEGER) AS months, [i, NULL] AS pair
      FROM range(100) AS r(i)`);
    expect(pinned).toEqual({ rows: 100, fingerprint: 'fp2:ae676f10d122fc0a519a7b2142957e75c34eee6a3338a38c4d8e0984353c6590' });
  });

  it('fingerprints an empty table, with odd table and column names', async () => {
    const [native, wasm] = await onBoth(async (engine) => {
      await engine.query('CREATE OR REPLACE TABLE "odd ""table""" ("a b" INTEGER, "c""d" VARCHAR)');
      return fingerprintTable(engine, 'odd "table"');
    });
    expect(native).toEqual({ rows: 0, fingerprint: expect.stringMatching(/^fp2:[0-9a-f]{64}$/u) });
    expect(wasm).toEqual(native);
  });

  it('builds one SELECT from DESCRIBE-style column types, and refuses a type name it cannot read', () => {
    expect(fingerprintSql('t', [{ name: 'v', type: 'INTEGER' }])).toMatch(/^SELECT count\(\*\) AS rows,/u);
    expect(() => fingerprintSql('t', [{ name: 'v', type: 'STRUCT(a INTEGER' }])).toThrow(/type name/u);
  });
});

describe('parseFingerprintType', () => {
  it('reads nested DuckDB type names with quoted field names, scales and arrays', () => {
    expect(parseFingerprintType('STRUCT("x y" INTEGER[], """q""" DECIMAL(18,3), at TIMESTAMP WITH TIME ZONE)')).toEqual({
      kind: 'struct',
      fields: [
        { name: 'x y', type: { kind: 'list', element: { kind: 'scalar', name: 'INTEGER' } } },
        { name: '"q"', type: { kind: 'decimal', scale: 3 } },
        { name: 'at', type: { kind: 'scalar', name: 'TIMESTAMP WITH TIME ZONE' } },
      ],
    });
    expect(parseFingerprintType('MAP(VARCHAR, UNION(n INTEGER, s VARCHAR))[2]')).toEqual({
      kind: 'list',
      element: {
        kind: 'map',
        key: { kind: 'scalar', name: 'VARCHAR' },
        value: { kind: 'union', members: [{ name: 'n', type: { kind: 'scalar', name: 'INTEGER' } }, { name: 's', type: { kind: 'scalar', name: 'VARCHAR' } }] },
      },
    });
    expect(parseFingerprintType("ENUM('a, (b)', 'c''d')")).toEqual({ kind: 'scalar', name: "ENUM('a, (b)', 'c''d')" });
  });
});
