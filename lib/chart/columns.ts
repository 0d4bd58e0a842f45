import type { Column } from '@/lib/engine/types';

/** How a chart treats a model column: the Vega-Lite measurement type it gets by default, and the
 * shape its values take in the chart data (data.ts). */
export type ColumnKind = 'quantitative' | 'temporal' | 'boolean' | 'nominal';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)\b/u;
// TIME is left out: a time of day without a date is not an instant, so it charts as text.
const TEMPORAL = /^(DATE|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE)$/u;

export function columnKind(type: string): ColumnKind {
  if (NUMERIC.test(type)) return 'quantitative';
  if (TEMPORAL.test(type)) return 'temporal';
  if (type === 'BOOLEAN') return 'boolean';
  return 'nominal';
}

/** The Vega-Lite `type` of an encoding on this column. */
export function encodingType(column: Column): 'quantitative' | 'temporal' | 'nominal' {
  const kind = columnKind(column.type);
  return kind === 'boolean' ? 'nominal' : kind;
}

/** A column name as a Vega-Lite `field`: Vega reads `.` and `[…]` as nested access and a leading
 * quote as a quoted path, so every such character is escaped with a backslash. */
export function fieldRef(column: string): string {
  return column.replace(/[\\.[\]"']/gu, (char) => `\\${char}`);
}

/** The column a Vega-Lite `field` names (backslash escapes removed). */
export function columnOfField(field: string): string {
  return field.replace(/\\(.)/gu, '$1');
}
