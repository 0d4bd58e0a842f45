import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { ChartError, chartDataSql, loadChartData } from './data';

const sales = {
  name: 'sales',
  columns: [
    { name: 'day', type: 'DATE' },
    { name: 'region', type: 'VARCHAR' },
    { name: 'units', type: 'BIGINT' },
    { name: 'note', type: 'VARCHAR' },
  ],
};

describe('chartDataSql', () => {
  it('selects only the encoded columns, numbers as DOUBLE and dates as ISO text, one row past the limit', () => {
    const spec = { mark: 'line', encoding: { x: { field: 'day', type: 'temporal' }, y: { field: 'units', type: 'quantitative' } } };
    expect(chartDataSql(sales, spec, 100)).toMatchInlineSnapshot(
      `"SELECT CASE WHEN isfinite(CAST("day" AS TIMESTAMP)) AND year(CAST("day" AS TIMESTAMP)) BETWEEN 1 AND 9999 THEN strftime(CAST("day" AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%g') END AS "day", CASE WHEN isfinite(CAST("units" AS DOUBLE)) THEN CAST("units" AS DOUBLE) END AS "units" FROM "sales" LIMIT 101"`,
    );
  });

  it('selects every column when a transform may read any of them', () => {
    const spec = { mark: 'bar', transform: [{ filter: 'datum.units > 1' }], encoding: { x: { field: 'total', type: 'quantitative' } } };
    expect(chartDataSql(sales, spec)).toMatch(/AS "day", .* AS "region", .* AS "units", CAST\("note" AS VARCHAR\) AS "note" FROM "sales" LIMIT 5001$/u);
  });

  it('reads one constant per row for a chart that only counts', () => {
    expect(chartDataSql(sales, { mark: 'arc', encoding: { theta: { aggregate: 'count', type: 'quantitative' } } })).toBe(
      'SELECT 1 AS "__assay_row" FROM "sales" LIMIT 5001',
    );
  });

  it('refuses a field the model does not have, naming the columns it has', () => {
    const spec = { mark: 'bar', encoding: { x: { field: 'regoin', type: 'nominal' } } };
    expect(() => chartDataSql(sales, spec)).toThrow(new ChartError('the model sales has no column "regoin" (it has day, region, units, note)'));
  });

  it('refuses a spec with data of its own before building any SQL', () => {
    const spec = { mark: 'bar', encoding: {}, data: { url: 'https://example.com/data.csv' } };
    expect(() => chartDataSql(sales, spec)).toThrow(ChartError);
  });
});

describe.each([
  ['native', createNativeEngine],
  ['wasm-node', createWasmNodeEngine],
])('loadChartData on the %s engine', (_kind, createEngine) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine();
    await engine.query(`CREATE TABLE "sales" AS SELECT * FROM (VALUES
      (DATE '2024-01-01', TIMESTAMP '2024-01-01 09:30:00', TIMESTAMPTZ '2024-01-01 09:30:00+00', 'north', 12345678901234::BIGINT, 1.50::DECIMAL(10,2), 170141183460469231731687303715884105727::HUGEINT, 'x', true),
      (DATE '2024-01-02', TIMESTAMP '2024-01-02 10:00:00.250', NULL, 'south', 7::BIGINT, NULL, 1::HUGEINT, 'y', false),
      ('infinity'::DATE, NULL, NULL, NULL, NULL, 2.25::DECIMAL(10,2), 2::HUGEINT, 'z', NULL)
    ) t(day, seen, seen_utc, region, units, price, big, note, flag)`);
    await engine.query(`CREATE TABLE "many" AS SELECT range AS i, 'a.b' AS "unit.price" FROM range(12)`);
    await engine.query(`CREATE TABLE "odd" AS SELECT 'NaN'::DOUBLE AS x UNION ALL SELECT 'inf'::DOUBLE UNION ALL SELECT 2.5`);
  });
  afterAll(async () => {
    await engine.close();
  });

  it('reads the encoded columns as numbers and ISO dates Vega can use', async () => {
    const spec = {
      mark: 'point',
      encoding: {
        x: { field: 'day', type: 'temporal' },
        y: { field: 'units', type: 'quantitative' },
        size: { field: 'price', type: 'quantitative' },
        color: { field: 'flag', type: 'nominal' },
      },
    };
    expect(await loadChartData(engine, 'sales', spec)).toEqual({
      values: [
        { day: '2024-01-01T00:00:00.000', units: 12345678901234, price: 1.5, flag: true },
        { day: '2024-01-02T00:00:00.000', units: 7, price: null, flag: false },
        { day: null, units: null, price: 2.25, flag: null },
      ],
      truncated: false,
    });
  });

  it('reads timestamps as local wall-clock text and TIMESTAMPTZ as UTC instants, HUGEINT as a double', async () => {
    const spec = {
      mark: 'point',
      encoding: { x: { field: 'seen', type: 'temporal' }, x2: { field: 'seen_utc' }, y: { field: 'big', type: 'quantitative' } },
    };
    const { values } = await loadChartData(engine, 'sales', spec);
    expect(values).toEqual([
      { seen: '2024-01-01T09:30:00.000', seen_utc: '2024-01-01T09:30:00.000Z', big: 1.7014118346046923e38 },
      { seen: '2024-01-02T10:00:00.250', seen_utc: null, big: 1 },
      { seen: null, seen_utc: null, big: 2 },
    ]);
  });

  it('adds columns read in expressions, ignoring datum names that are not columns', async () => {
    const spec = {
      mark: 'bar',
      encoding: { x: { field: 'region', type: 'nominal' }, opacity: { condition: { test: 'datum.flag && datum.nothing', value: 1 }, value: 0.2 } },
    };
    const { values } = await loadChartData(engine, 'sales', spec);
    expect(values[0]).toEqual({ region: 'north', flag: true });
  });

  it('cuts the data at the limit and says so; escaped field names find their column', async () => {
    const spec = { mark: 'bar', encoding: { x: { field: 'i', type: 'quantitative' }, y: { field: 'unit\\.price', type: 'nominal' } } };
    const cut = await loadChartData(engine, 'many', spec, 10);
    expect(cut.values).toHaveLength(10);
    expect(cut.values[9]).toEqual({ i: 9, 'unit.price': 'a.b' });
    expect(cut.truncated).toBe(true);
    expect(await loadChartData(engine, 'many', spec, 12)).toMatchObject({ truncated: false });
  });

  it('turns NaN and infinity into missing values', async () => {
    const { values } = await loadChartData(engine, 'odd', { mark: 'tick', encoding: { x: { field: 'x', type: 'quantitative' } } });
    expect(values).toEqual([{ x: null }, { x: null }, { x: 2.5 }]);
  });

  it('says a model has not been run yet', async () => {
    await expect(loadChartData(engine, 'later', { mark: 'bar', encoding: {} })).rejects.toThrow(
      new ChartError('the model later has not been run yet'),
    );
  });

  it('names an unknown field, read against the model as it is now', async () => {
    await expect(loadChartData(engine, 'sales', { mark: 'bar', encoding: { x: { field: 'rgion', type: 'nominal' } } })).rejects.toThrow(
      'the model sales has no column "rgion" (it has day, seen, seen_utc, region, units, price, big, note, flag)',
    );
  });

  it('refuses a spec that brings its own data without querying', async () => {
    await expect(loadChartData(engine, 'sales', { mark: 'bar', encoding: {}, datasets: {} })).rejects.toThrow(
      'a chart’s data is its model, so the spec may not contain "datasets" (found at datasets)',
    );
  });
});
