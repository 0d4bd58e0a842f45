import { describe, expect, it } from 'vitest';
import { columnOfField, fieldRef } from './columns';
import { defaultChartSpec, specFields, validateChartSpec } from './spec';

const bars = { mark: 'bar', encoding: { x: { field: 'region', type: 'nominal' }, y: { field: 'total', type: 'quantitative' } } };

describe('validateChartSpec', () => {
  it.each([
    ['a bar chart', bars],
    ['a mark object', { mark: { type: 'line', point: true }, encoding: {} }],
    ['a $schema and a title', { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: 'Sales', ...bars }],
    ['a layer sharing the encoding', { encoding: bars.encoding, layer: [{ mark: 'line' }, { mark: 'point' }] }],
    ['a filter transform', { ...bars, transform: [{ filter: 'datum.total > 0' }] }],
  ])('accepts %s', (_what, spec) => {
    expect(validateChartSpec(spec)).toEqual({ ok: true });
  });

  it.each([
    ['not an object', [bars], 'the chart spec must be a JSON object'],
    ['its own data', { ...bars, data: { values: [] } }, 'a chart’s data is its model, so the spec may not contain "data" (found at data)'],
    ['data from a URL', { ...bars, data: { url: 'https://example.com/x.csv' } }, 'a chart’s data is its model, so the spec may not contain "data" (found at data)'],
    ['named datasets', { ...bars, datasets: { a: [] } }, 'a chart’s data is its model, so the spec may not contain "datasets" (found at datasets)'],
    [
      'a lookup from other data deep inside',
      { ...bars, transform: [{ lookup: 'id', from: { data: { url: 'x.json' }, key: 'id' } }] },
      'a chart’s data is its model, so the spec may not contain "data" (found at transform[0].from.data)',
    ],
    [
      'a url channel',
      { mark: 'point', encoding: { url: { field: 'pic' } } },
      'charts may not load anything by URL, so the spec may not contain "url" (found at encoding.url)',
    ],
    [
      'a link',
      { mark: 'point', encoding: { href: { field: 'link' } } },
      'charts may not link elsewhere, so the spec may not contain "href" (found at encoding.href)',
    ],
    ['an image mark', { mark: 'image', encoding: {} }, 'image marks load pictures by URL and are not supported'],
    ['no mark', { encoding: bars.encoding }, 'mark is missing: a chart needs a mark such as "bar", "line" or "point"'],
    ['no encoding', { mark: 'bar' }, 'encoding is missing: a chart needs an encoding'],
    ['an unknown mark', { mark: 'pie', encoding: {} }, 'mark "pie" is not one of arc, area, bar, boxplot, circle, errorband, errorbar, geoshape, line, point, rect, rule, square, text, tick, trail'],
    ['a layer without a mark', { encoding: {}, layer: [{ mark: 'line' }, { encoding: {} }] }, 'layer[1].mark is missing: a chart needs a mark such as "bar", "line" or "point"'],
    ['a concatenation', { hconcat: [bars, bars] }, '"hconcat" charts are not supported: use a single view or "layer"'],
    ['embed options in usermeta', { ...bars, usermeta: { embedOptions: { config: 'https://example.com/c.json' } } }, 'usermeta.embedOptions is not allowed: the workbench sets the embed options'],
    ['a spec over 200 kB', { ...bars, description: 'x'.repeat(200_001) }, 'the chart spec is over 200 kB'],
    ['deep nesting', { ...bars, config: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) }, 'the chart spec is nested too deeply (over 32 levels)'],
    ['too many values', { ...bars, description: Array.from({ length: 20_001 }, () => 0) }, 'the chart spec is too large (over 20,000 values)'],
  ])('refuses %s', (_what, spec, message) => {
    expect(validateChartSpec(spec)).toEqual({ ok: false, message });
  });
});

describe('defaultChartSpec', () => {
  it('draws a line over the first date column', () => {
    const spec = defaultChartSpec([
      { name: 'id', type: 'INTEGER' },
      { name: 'day', type: 'DATE' },
      { name: 'revenue', type: 'DECIMAL(18,2)' },
    ]);
    expect(spec).toEqual({ mark: 'line', encoding: { x: { field: 'day', type: 'temporal' }, y: { field: 'id', type: 'quantitative' } } });
  });

  it('draws bars over the first text column', () => {
    expect(defaultChartSpec([{ name: 'region', type: 'VARCHAR' }, { name: 'total', type: 'BIGINT' }])).toEqual({
      mark: 'bar',
      encoding: { x: { field: 'region', type: 'nominal' }, y: { field: 'total', type: 'quantitative' } },
    });
  });

  it('draws points for two numbers, a histogram for one, counts for text only', () => {
    expect(defaultChartSpec([{ name: 'a', type: 'DOUBLE' }, { name: 'b', type: 'HUGEINT' }])).toEqual({
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
    });
    expect(defaultChartSpec([{ name: 'a', type: 'FLOAT' }])).toEqual({
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'quantitative', bin: true }, y: { aggregate: 'count', type: 'quantitative' } },
    });
    expect(defaultChartSpec([{ name: 'ok', type: 'BOOLEAN' }])).toEqual({
      mark: 'bar',
      encoding: { x: { field: 'ok', type: 'nominal' }, y: { aggregate: 'count', type: 'quantitative' } },
    });
  });

  it('escapes column names Vega would read as paths, and every default is valid', () => {
    const spec = defaultChartSpec([{ name: 'unit.price [€]', type: 'VARCHAR' }, { name: 'n', type: 'INTEGER' }]);
    expect(spec.encoding).toMatchObject({ x: { field: 'unit\\.price \\[€\\]' } });
    expect(validateChartSpec(spec)).toEqual({ ok: true });
    expect(validateChartSpec(defaultChartSpec([]))).toEqual({ ok: true });
  });
});

describe('field names', () => {
  it.each(['plain', 'a.b', 'x[0]', '"quoted"', "it's", 'back\\slash'])('round-trips %s', (name) => {
    expect(columnOfField(fieldRef(name))).toBe(name);
  });
});

describe('specFields', () => {
  it('collects fields from channels, sorts, tooltips, selections and datum expressions', () => {
    const spec = {
      mark: 'bar',
      params: [{ name: 'pick', select: { type: 'point', fields: ['region'] } }],
      encoding: {
        x: { field: 'region', type: 'nominal', sort: { field: 'rank', op: 'min' } },
        y: { aggregate: 'count', type: 'quantitative' },
        tooltip: [{ field: 'a\\.b', type: 'nominal' }],
        opacity: { condition: { test: "datum.flag && datum['odd name'] > 0", value: 1 }, value: 0.3 },
      },
    };
    expect(specFields(spec)).toEqual({
      fields: ['region', 'rank', 'a\\.b'],
      datumNames: ['flag', 'odd name'],
      hasTransform: false,
    });
  });

  it('notes a transform', () => {
    expect(specFields({ ...bars, transform: [{ calculate: '1', as: 'one' }] }).hasTransform).toBe(true);
  });
});
