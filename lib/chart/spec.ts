import type { Column } from '@/lib/engine/types';
import { columnKind, encodingType, fieldRef } from './columns';

/** A Vega-Lite spec without its data, as a chart cell stores it. */
export type ChartSpec = Record<string, unknown>;

export type ChartSpecCheck = { ok: true } | { ok: false; message: string };

export const MAX_SPEC_CHARS = 200_000;
const MAX_DEPTH = 32;
const MAX_NODES = 20_000;
const MAX_LAYERS = 20;

export const CHART_MARKS = [
  'arc', 'area', 'bar', 'boxplot', 'circle', 'errorband', 'errorbar', 'geoshape',
  'line', 'point', 'rect', 'rule', 'square', 'text', 'tick', 'trail',
] as const;

/** Keys refused anywhere in a spec. The product is air-gapped and a chart's data is its model: any of
 * these would make Vega read data or pictures from elsewhere, or leave the page. */
const FORBIDDEN_KEYS: Record<string, string> = {
  data: 'a chart’s data is its model, so the spec may not contain "data"',
  datasets: 'a chart’s data is its model, so the spec may not contain "datasets"',
  url: 'charts may not load anything by URL, so the spec may not contain "url"',
  href: 'charts may not link elsewhere, so the spec may not contain "href"',
};

const COMPOSITIONS = ['concat', 'hconcat', 'vconcat', 'facet', 'repeat', 'spec'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./u, '') || '(top level)';
}

/** Depth, size and forbidden keys, anywhere in the spec. */
function checkTree(spec: unknown): ChartSpecCheck {
  let nodes = 0;
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: spec, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() ?? { value: null, path: [] };
    nodes += 1;
    if (nodes > MAX_NODES) return { ok: false, message: `the chart spec is too large (over ${MAX_NODES.toLocaleString('en')} values)` };
    if (path.length > MAX_DEPTH) return { ok: false, message: `the chart spec is nested too deeply (over ${MAX_DEPTH} levels)` };
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
    } else if (isObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        const refusal = FORBIDDEN_KEYS[key];
        if (refusal !== undefined && Object.hasOwn(FORBIDDEN_KEYS, key)) {
          return { ok: false, message: `${refusal} (found at ${pathText([...path, key])})` };
        }
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return { ok: true };
}

function markType(mark: unknown): unknown {
  return isObject(mark) ? mark.type : mark;
}

function checkView(view: Record<string, unknown>, path: string, inheritsEncoding: boolean): ChartSpecCheck {
  if (view.encoding !== undefined && !isObject(view.encoding)) return { ok: false, message: `${path}encoding must be an object` };
  if (Array.isArray(view.layer)) {
    if (view.layer.length === 0 || view.layer.length > MAX_LAYERS) {
      return { ok: false, message: `${path}layer must hold between 1 and ${MAX_LAYERS} layers` };
    }
    for (const [i, layer] of view.layer.entries()) {
      if (!isObject(layer)) return { ok: false, message: `${path}layer[${i}] must be an object` };
      const checked = checkView(layer, `${path}layer[${i}].`, inheritsEncoding || view.encoding !== undefined);
      if (!checked.ok) return checked;
    }
    return { ok: true };
  }
  if (view.layer !== undefined) return { ok: false, message: `${path}layer must be an array` };
  const type = markType(view.mark);
  if (type === undefined) return { ok: false, message: `${path}mark is missing: a chart needs a mark such as "bar", "line" or "point"` };
  if (type === 'image') return { ok: false, message: 'image marks load pictures by URL and are not supported' };
  if (typeof type !== 'string' || !(CHART_MARKS as readonly string[]).includes(type)) {
    return { ok: false, message: `${path}mark ${JSON.stringify(type)} is not one of ${CHART_MARKS.join(', ')}` };
  }
  if (view.encoding === undefined && !inheritsEncoding) return { ok: false, message: `${path}encoding is missing: a chart needs an encoding` };
  return { ok: true };
}

/** Whether a stored spec may be drawn: a single-view or layered Vega-Lite spec with a mark and an
 * encoding, no data of its own, nothing that fetches, and within size limits. */
export function validateChartSpec(spec: unknown): ChartSpecCheck {
  if (!isObject(spec)) return { ok: false, message: 'the chart spec must be a JSON object' };
  let text: string;
  try {
    text = JSON.stringify(spec);
  } catch {
    return { ok: false, message: 'the chart spec is not plain JSON' };
  }
  if (text.length > MAX_SPEC_CHARS) return { ok: false, message: `the chart spec is over ${MAX_SPEC_CHARS / 1000} kB` };
  const tree = checkTree(spec);
  if (!tree.ok) return tree;
  const composition = COMPOSITIONS.find((key) => key in spec);
  if (composition) return { ok: false, message: `"${composition}" charts are not supported: use a single view or "layer"` };
  // vega-embed merges usermeta.embedOptions into its own options, which could fetch a config or patch.
  if (isObject(spec.usermeta) && 'embedOptions' in spec.usermeta) {
    return { ok: false, message: 'usermeta.embedOptions is not allowed: the workbench sets the embed options' };
  }
  return checkView(spec, '', false);
}

/** A first chart for a model: a category or date on x and the first number on y (a line over
 * dates, bars over categories), two numbers as points, one number as a histogram, text as counts. */
export function defaultChartSpec(columns: readonly Column[]): ChartSpec {
  const numeric = columns.filter((c) => columnKind(c.type) === 'quantitative');
  const dimension = columns.find((c) => {
    const kind = columnKind(c.type);
    return kind === 'temporal' || kind === 'nominal';
  });
  const [firstNumber, secondNumber] = numeric;
  const on = (column: Column) => ({ field: fieldRef(column.name), type: encodingType(column) });
  if (dimension && firstNumber) {
    return {
      mark: columnKind(dimension.type) === 'temporal' ? 'line' : 'bar',
      encoding: { x: on(dimension), y: on(firstNumber) },
    };
  }
  if (firstNumber && secondNumber) return { mark: 'point', encoding: { x: on(firstNumber), y: on(secondNumber) } };
  if (firstNumber) {
    return { mark: 'bar', encoding: { x: { ...on(firstNumber), bin: true }, y: { aggregate: 'count', type: 'quantitative' } } };
  }
  const first = dimension ?? columns[0];
  if (first) return { mark: 'bar', encoding: { x: on(first), y: { aggregate: 'count', type: 'quantitative' } } };
  return { mark: 'bar', encoding: {} };
}

const DATUM_DOT = /\bdatum\.([A-Za-z_$][\w$]*)/gu;
const DATUM_BRACKET = /\bdatum\[\s*(["'])((?:\\.|(?!\1).)*)\1\s*\]/gu;

export type SpecFields = {
  /** Every `field` (and `fields` entry) the spec names, as written (escaped). */
  fields: string[];
  /** Names read in expressions as `datum.name` or `datum['name']`: columns only if the model has them. */
  datumNames: string[];
  /** The spec derives fields of its own (transform), so it may read any column. */
  hasTransform: boolean;
};

/** The fields a spec reads from its data, so the chart query selects only those. */
export function specFields(spec: ChartSpec): SpecFields {
  const fields = new Set<string>();
  const datumNames = new Set<string>();
  let hasTransform = false;
  const visit = (value: unknown, key: string | null) => {
    if (typeof value === 'string') {
      if (key === 'field') fields.add(value);
      for (const match of value.matchAll(DATUM_DOT)) if (match[1]) datumNames.add(match[1]);
      for (const match of value.matchAll(DATUM_BRACKET)) if (match[2] !== undefined) datumNames.add(match[2].replace(/\\(.)/gu, '$1'));
    } else if (Array.isArray(value)) {
      for (const item of value) {
        if (key === 'fields' && typeof item === 'string') fields.add(item);
        else visit(item, null);
      }
    } else if (isObject(value)) {
      for (const [childKey, child] of Object.entries(value)) {
        if (childKey === 'transform' && Array.isArray(child) && child.length > 0) hasTransform = true;
        visit(child, childKey);
      }
    }
  };
  visit(spec, null);
  return { fields: [...fields], datumNames: [...datumNames], hasTransform };
}
