import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from './native';
import type { Engine } from './types';
import { exact, map, struct, toValue } from './values';
import { createWasmNodeEngine } from './wasm-node';

describe('toValue', () => {
  it('keeps JSON scalars and names the floats JSON cannot hold', () => {
    expect([true, 1.5, 'x', null].map(toValue)).toEqual([true, 1.5, 'x', null]);
    expect(Object.is(toValue(-0), -0)).toBe(true);
    expect([Number.NaN, Infinity, -Infinity].map(toValue)).toEqual(['NaN', 'Infinity', '-Infinity']);
  });

  it('writes wide integers and decimals as exact strings', () => {
    expect(toValue(exact(2n ** 100n))).toBe('1267650600228229401496703205376');
    expect(toValue(exact('-0.001'))).toBe('-0.001');
  });

  it('writes nested values as JSON text with exact numbers inside', () => {
    expect(toValue([exact(2n ** 64n), 1.5, -0, Number.NaN, null, 'a"b'])).toBe('[18446744073709551616,1.5,-0,"NaN",null,"a\\"b"]');
    expect(toValue(struct([['1', 1], ['b', [exact('2.50')]]]))).toBe('{"1":1,"b":[2.50]}');
    expect(toValue(map([['k', struct([['x', null]])]]))).toBe('[{"key":"k","value":{"x":null}}]');
  });
});

/** Rows of `SELECT v, v::VARCHAR` whose normalised value differs from DuckDB's own text. */
async function mismatches(engine: Engine, sql: string): Promise<unknown[][]> {
  const { rows } = await engine.query(sql);
  expect(rows.length).toBeGreaterThan(0);
  return rows.filter(([value, text]) => value !== text);
}

const samples = (expression: string, count = 2000) =>
  `SELECT setseed(0.17); SELECT v, v::VARCHAR AS text FROM (SELECT ${expression} AS v FROM range(${count}) t(x))`;

describe.each([
  ['native', createNativeEngine],
  ['wasm-node', createWasmNodeEngine],
])('%s engine: values rendered by Assay read exactly as DuckDB prints them', (_name, create) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(async () => {
    await engine.close();
  });

  it.each([
    ['DATE', `DATE '1970-01-01' + (random() * 4000000 - 2000000)::INTEGER`],
    ['TIME', `TIME '00:00:00' + to_microseconds((random() * 86400000000)::BIGINT)`],
    ['TIMESTAMP', `TIMESTAMP '1970-01-01' + to_microseconds((random() * 2e17 - 1e17)::BIGINT)`],
    ['TIMESTAMP_S', `(TIMESTAMP '1970-01-01' + to_microseconds((random() * 2e17 - 1e17)::BIGINT))::TIMESTAMP_S`],
    ['TIMESTAMP_MS', `(TIMESTAMP '1970-01-01' + to_microseconds((random() * 2e17 - 1e17)::BIGINT))::TIMESTAMP_MS`],
    ['TIMESTAMP_NS', `(TIMESTAMP '1970-01-01' + to_microseconds((random() * 1e16 - 5e15)::BIGINT))::TIMESTAMP_NS`],
    ['TIMESTAMPTZ', `(TIMESTAMP '1970-01-01' + to_microseconds((random() * 2e17 - 1e17)::BIGINT))::TIMESTAMPTZ`],
    [
      'INTERVAL',
      `to_months((random() * 400 - 200)::INTEGER) * (random() < 0.5)::INTEGER + to_days((random() * 800 - 400)::INTEGER) * (random() < 0.5)::INTEGER
        + to_microseconds((random() * 2e11 - 1e11)::BIGINT) * (random() < 0.7)::INTEGER`,
    ],
    ['DECIMAL(18,3)', `(random() * 2e15 - 1e15)::DECIMAL(18,3)`],
    ['DECIMAL(38,10)', `((random() - 0.5) * 10 ** ((random() * 28)::INTEGER))::DECIMAL(38,10)`],
    ['BLOB', `unhex(md5(x::VARCHAR) || md5((x + 1)::VARCHAR))[:((random() * 32)::INTEGER)]`],
    ['BIT', `((random() * 2e9)::INTEGER)::BIT`],
  ])('%s', async (_type, expression) => {
    expect(await mismatches(engine, samples(expression))).toEqual([]);
  });

  it('TIMESTAMP_NS keeps every nanosecond digit', async () => {
    const sql = samples(`'2024-01-01 00:00:00.000000001'::TIMESTAMP_NS + to_microseconds((random() * 1e12)::BIGINT)`, 200);
    expect(await mismatches(engine, sql)).toEqual([]);
  });

  it('extremes: infinities, BC dates, the last representable instants', async () => {
    const sql = `SELECT v, v::VARCHAR FROM (VALUES ('infinity'::DATE::VARCHAR), ('-infinity'::DATE::VARCHAR), ('5877641-06-25'::DATE::VARCHAR),
      ('5877642-06-25 (BC)'::DATE::VARCHAR), ('0001-01-01 (BC)'::DATE::VARCHAR)) t(s), LATERAL (SELECT s::DATE AS v)`;
    expect(await mismatches(engine, sql)).toEqual([]);
    const timestamps = `SELECT v, v::VARCHAR FROM (VALUES ('infinity'), ('-infinity'), ('294247-01-10 04:00:54.775806'),
      ('290309-12-22 (BC) 00:00:00'), ('0001-01-01 (BC) 23:59:59.999999')) t(s), LATERAL (SELECT s::TIMESTAMP AS v)`;
    expect(await mismatches(engine, timestamps)).toEqual([]);
  });
});
