import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { EMBED_OPTIONS, embeddableSpec, offlineLoader } from './embed';

/** Draws a spec the way vega-embed does (compile, parse, a View with our loader), headless, to SVG. */
async function render(spec: Record<string, unknown>): Promise<string> {
  const { spec: vegaSpec } = compile(spec as unknown as TopLevelSpec);
  const view = new View(parse(vegaSpec, undefined, { ast: EMBED_OPTIONS.ast }), { loader: offlineLoader, renderer: 'none', expr: EMBED_OPTIONS.expr });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

describe('embeddableSpec', () => {
  it('adds the model rows as data and drops $schema and usermeta’s embed options', () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega/v5.json',
      usermeta: { embedOptions: { actions: true }, owner: 'ana' },
      mark: 'bar',
      encoding: {},
    };
    expect(embeddableSpec(spec, [{ a: 1 }])).toEqual({ width: 'container', mark: 'bar', encoding: {}, usermeta: { owner: 'ana' }, data: { values: [{ a: 1 }] } });
    expect(embeddableSpec({ mark: 'bar', encoding: {}, usermeta: { embedOptions: {} } }, [])).toEqual({ width: 'container', mark: 'bar', encoding: {}, data: { values: [] } });
  });

  it('fills its cell unless the spec sets a width, and keeps categories in the rows\' order unless it sorts them', () => {
    expect(embeddableSpec({ mark: 'bar', width: 300 }, []).width).toBe(300);
    const spec = {
      mark: 'bar',
      encoding: { x: { field: 'category', type: 'nominal' }, y: { field: 'revenue', type: 'quantitative' }, color: { field: 'category', type: 'nominal' } },
    };
    expect(embeddableSpec(spec, []).encoding).toEqual({ ...spec.encoding, x: { field: 'category', type: 'nominal', sort: null } });
    const sorted = { mark: 'bar', encoding: { x: { field: 'category', type: 'nominal', sort: '-y' } } };
    expect(embeddableSpec(sorted, []).encoding).toEqual(sorted.encoding);
    const layered = { layer: [{ mark: 'bar', encoding: { y: { field: 'k', type: 'ordinal' } } }] };
    expect(embeddableSpec(layered, []).layer).toEqual([{ mark: 'bar', encoding: { y: { field: 'k', type: 'ordinal', sort: null } } }]);
  });

  it('draws bars in the order of the rows', async () => {
    const spec = { mark: 'bar', width: 200, encoding: { x: { field: 'c', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } } };
    const svg = await render(embeddableSpec(spec, [{ c: 'toys', v: 30 }, { c: 'books', v: 12 }, { c: 'garden', v: 7 }]));
    const labels = [...svg.matchAll(/<text[^>]*>(toys|books|garden)<\/text>/gu)].map((m) => m[1]);
    expect(labels).toEqual(['toys', 'books', 'garden']);
  });

  it('embeds without actions, as SVG, with the offline loader', () => {
    expect(EMBED_OPTIONS).toMatchObject({ actions: false, renderer: 'svg', mode: 'vega-lite', loader: offlineLoader });
  });
});

describe('the drawn chart', () => {
  // Whatever the browser's time zone: a DATE read as local midnight is drawn on its own day.
  it('draws the loaded values: ISO dates on a time axis at local midnight of their day, numbers on a linear one', async () => {
    const spec = { mark: 'line', encoding: { x: { field: 'day', type: 'temporal' }, y: { field: 'units', type: 'quantitative' } } };
    const svg = await render(
      embeddableSpec(spec, [
        { day: '2024-01-01T00:00:00.000', units: 3 },
        { day: '2024-01-03T00:00:00.000', units: 5 },
      ]),
    );
    expect(svg).toContain('<svg');
    expect(svg).toContain('aria-roledescription="line mark"');
    expect(svg).toContain('values from Monday, 01 January 2024, 12:00:00 AM to Wednesday, 03 January 2024, 12:00:00 AM');
    expect(svg).toContain('for a linear scale with values from 0 to 5');
  });

  it('draws a column whose name has a dot through its escaped field', async () => {
    const spec = { mark: 'bar', encoding: { x: { field: 'unit\\.price', type: 'nominal' }, y: { aggregate: 'count', type: 'quantitative' } } };
    const svg = await render(embeddableSpec(spec, [{ 'unit.price': 'cheap' }, { 'unit.price': 'dear' }]));
    expect(svg).toContain('>cheap<');
    expect(svg).toContain('>dear<');
  });

  // The page's CSP has no 'unsafe-eval': with Function unusable, expressions (a filter, a calculate)
  // still work because they are interpreted from their AST.
  it('draws expressions without compiling code, as under the Content Security Policy', async () => {
    const original = globalThis.Function;
    const refused = function () {
      throw new EvalError('Refused to evaluate a string as JavaScript (Content Security Policy)');
    } as unknown as FunctionConstructor;
    globalThis.Function = refused;
    try {
      const spec = {
        mark: 'bar',
        transform: [{ filter: 'datum.units > 2' }, { calculate: "upper(datum.name) + '!'", as: 'label' }],
        encoding: { x: { field: 'label', type: 'nominal' }, y: { field: 'units', type: 'quantitative' } },
      };
      const svg = await render(embeddableSpec(spec, [{ name: 'kept', units: 3 }, { name: 'dropped', units: 1 }]));
      expect(svg).toContain('>KEPT!<');
      expect(svg).not.toContain('DROPPED');
    } finally {
      globalThis.Function = original;
    }
  });

  it('loads nothing: a URL that slips past validation fails instead of being fetched', async () => {
    await expect(offlineLoader.load('https://example.com/data.csv')).rejects.toThrow(
      'charts may not load "https://example.com/data.csv": Assay runs without network access',
    );
    await expect(offlineLoader.sanitize('x.png', { context: 'image' })).rejects.toThrow(/Assay runs without network access/u);
  });
});
