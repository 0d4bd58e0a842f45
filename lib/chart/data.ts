import type { Column, Engine } from '@/lib/engine/types';
import { quoteIdent } from '@/lib/notebook/execute';
import { columnKind, columnOfField } from './columns';
import { specFields, validateChartSpec, type ChartSpec } from './spec';

export const CHART_ROW_LIMIT = 5000;

/** A model as a chart sees it: its table name and DuckDB's description of its columns. */
export type ChartModel = { name: string; columns: readonly Column[] };

export type ChartData = { values: Record<string, unknown>[]; truncated: boolean };

/** A chart that cannot be drawn for a reason the user can fix (bad spec, unknown field, model not run). */
export class ChartError extends Error {
  override readonly name = 'ChartError';
}

// Seen by Vega when the chart uses no column at all (only `count`): one value per row keeps the count right.
const ROW_MARKER = '__assay_row';

/** ISO 8601 text that JavaScript's Date parses: a naive DATE/TIMESTAMP as local wall-clock time (Vega
 * draws in local time, so the axis shows the stored date), TIMESTAMPTZ as a UTC instant ('Z'). Values
 * outside years 1–9999 and ±infinity become NULL: Date cannot read DuckDB's text for them. */
function temporalSql(column: Column): string {
  const asTimestamp = `CAST(${quoteIdent(column.name)} AS TIMESTAMP)`;
  const zone = column.type === 'TIMESTAMP WITH TIME ZONE' ? ` || 'Z'` : '';
  return `CASE WHEN isfinite(${asTimestamp}) AND year(${asTimestamp}) BETWEEN 1 AND 9999 THEN strftime(${asTimestamp}, '%Y-%m-%dT%H:%M:%S.%g')${zone} END`;
}

/** One selected column, in the shape Vega reads. BIGINT, HUGEINT and DECIMAL arrive from the engines as
 * exact strings, which Vega would not treat as numbers, so every number is a DOUBLE here; NaN and
 * ±infinity become NULL, which Vega leaves out as it does missing values. */
function selectItem(column: Column): string {
  const name = quoteIdent(column.name);
  switch (columnKind(column.type)) {
    case 'quantitative': {
      const asDouble = `CAST(${name} AS DOUBLE)`;
      return `CASE WHEN isfinite(${asDouble}) THEN ${asDouble} END AS ${name}`;
    }
    case 'temporal':
      return `${temporalSql(column)} AS ${name}`;
    case 'boolean':
      return name;
    case 'nominal':
      return `CAST(${name} AS VARCHAR) AS ${name}`;
  }
}

/** The model columns a spec reads; throws a ChartError naming a field the model does not have. */
export function chartColumns(model: ChartModel, spec: ChartSpec): Column[] {
  const { fields, datumNames, hasTransform } = specFields(spec);
  // A transform may read any column (and derives fields the model does not have), so it gets them all.
  if (hasTransform) return [...model.columns];
  const byName = new Map(model.columns.map((c) => [c.name, c]));
  const wanted = new Set<string>();
  for (const field of fields) {
    const name = columnOfField(field);
    if (!byName.has(name)) {
      const known = model.columns.map((c) => c.name).join(', ') || 'no columns';
      throw new ChartError(`the model ${model.name} has no column ${JSON.stringify(name)} (it has ${known})`);
    }
    wanted.add(name);
  }
  for (const name of datumNames) if (byName.has(name)) wanted.add(name);
  return model.columns.filter((c) => wanted.has(c.name));
}

/** The query that reads a chart's data from its model: only the columns the spec uses, one row past
 * `limit` so the caller can tell the data was cut. Throws a ChartError for an invalid spec or field. */
export function chartDataSql(model: ChartModel, spec: ChartSpec, limit = CHART_ROW_LIMIT): string {
  const checked = validateChartSpec(spec);
  if (!checked.ok) throw new ChartError(checked.message);
  const columns = chartColumns(model, spec);
  const items = columns.length > 0 ? columns.map(selectItem).join(', ') : `1 AS ${quoteIdent(ROW_MARKER)}`;
  return `SELECT ${items} FROM ${quoteIdent(model.name)} LIMIT ${Math.max(0, Math.floor(limit)) + 1}`;
}

const MISSING_TABLE = /^Catalog Error: Table with name .* does not exist/u;

/** The model's columns as DuckDB describes them now; a ChartError when the model has not been run. */
export async function describeModel(engine: Engine, model: string): Promise<ChartModel> {
  try {
    const described = await engine.query(`DESCRIBE ${quoteIdent(model)}`);
    return { name: model, columns: described.rows.map((row) => ({ name: String(row[0]), type: String(row[1]) })) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (MISSING_TABLE.test(message)) throw new ChartError(`the model ${model} has not been run yet`);
    throw error;
  }
}

/** A chart's data, read from its model's table in `engine`: at most `limit` rows, `truncated` when the
 * model has more. The columns come from DESCRIBE, not from an earlier run, so a rebuilt model is read
 * as it is now. */
export async function loadChartData(engine: Engine, model: string, spec: ChartSpec, limit = CHART_ROW_LIMIT): Promise<ChartData> {
  const checked = validateChartSpec(spec);
  if (!checked.ok) throw new ChartError(checked.message);
  const described = await describeModel(engine, model);
  const result = await engine.query(chartDataSql(described, spec, limit));
  const rows = result.rows.slice(0, Math.max(0, Math.floor(limit)));
  const values = rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column.name, row[i] ?? null])));
  return { values, truncated: result.rows.length > rows.length };
}
