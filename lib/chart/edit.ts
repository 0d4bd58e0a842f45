import type { Column } from '@/lib/engine/types';
import { columnOfField, encodingType, fieldRef } from './columns';
import { defaultChartSpec, specFields, type ChartSpec } from './spec';

/** The edits the chart cell's form makes, as pure functions of the stored spec. The form only handles
 * single-view specs; a layered spec is edited as JSON. */

export const FORM_MARKS = ['bar', 'line', 'point', 'area'] as const;
export type FormChannel = 'x' | 'y' | 'color';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isSingleView(spec: ChartSpec): boolean {
  return spec.mark !== undefined && spec.layer === undefined;
}

export function markOf(spec: ChartSpec): string | null {
  const type = isObject(spec.mark) ? spec.mark.type : spec.mark;
  return typeof type === 'string' ? type : null;
}

/** Changes the mark's type, keeping mark properties such as `tooltip` or `point`. */
export function withMark(spec: ChartSpec, mark: string): ChartSpec {
  return { ...spec, mark: isObject(spec.mark) ? { ...spec.mark, type: mark } : mark };
}

function encodingOf(spec: ChartSpec): Record<string, unknown> {
  return isObject(spec.encoding) ? spec.encoding : {};
}

/** The column a channel shows, or null (no channel, a constant, or an aggregate without a field). */
export function channelColumn(spec: ChartSpec, channel: FormChannel): string | null {
  const def = encodingOf(spec)[channel];
  return isObject(def) && typeof def.field === 'string' ? columnOfField(def.field) : null;
}

export function isCountChannel(spec: ChartSpec, channel: FormChannel): boolean {
  const def = encodingOf(spec)[channel];
  return isObject(def) && def.aggregate === 'count' && def.field === undefined;
}

/** Puts a column on a channel (replacing the channel's binning, aggregate and the like, which belonged
 * to the previous field), or removes the channel when `column` is null. */
export function withChannel(spec: ChartSpec, channel: FormChannel, column: Column | null): ChartSpec {
  const { [channel]: _previous, ...others } = encodingOf(spec);
  const encoding = column === null ? others : { ...others, [channel]: { field: fieldRef(column.name), type: encodingType(column) } };
  return { ...spec, encoding };
}

/** Shows the number of rows on a channel (a histogram's or a bar chart's count). */
export function withCount(spec: ChartSpec, channel: FormChannel): ChartSpec {
  return { ...spec, encoding: { ...encodingOf(spec), [channel]: { aggregate: 'count', type: 'quantitative' } } };
}

/** The spec for the chart moved onto another model: kept when the new model has every column it
 * names (or the spec has transforms, which only its author can adapt), else that model's default chart. */
export function specForModel(spec: ChartSpec, columns: readonly Column[]): ChartSpec {
  const names = new Set(columns.map((c) => c.name));
  const { fields, hasTransform } = specFields(spec);
  const fits = hasTransform || fields.every((field) => names.has(columnOfField(field)));
  return fits ? spec : defaultChartSpec(columns);
}

/** How the x axis orders its categories: the model's row order, by the x value, or by the y value. */
export const X_SORTS = [
  { value: 'data', label: 'Data order' },
  { value: 'ascending', label: 'X ascending' },
  { value: 'descending', label: 'X descending' },
  { value: 'y', label: 'Y ascending' },
  { value: '-y', label: 'Y descending' },
] as const;
export type XSort = (typeof X_SORTS)[number]['value'];

export function xSortOf(spec: ChartSpec): XSort {
  const def = encodingOf(spec).x;
  const sort = isObject(def) ? def.sort : undefined;
  return sort === 'ascending' || sort === 'descending' || sort === 'y' || sort === '-y' ? sort : 'data';
}

/** Sets the x channel's sort; 'data' is stored as `sort: null`, Vega-Lite's "as the rows come". */
export function withXSort(spec: ChartSpec, sort: XSort): ChartSpec {
  const encoding = encodingOf(spec);
  const def = encoding.x;
  if (!isObject(def)) return spec;
  return { ...spec, encoding: { ...encoding, x: { ...def, sort: sort === 'data' ? null : sort } } };
}
