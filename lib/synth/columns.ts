/* A column's generator hint (or its type's default) → the SQL expression that fills it. */
import type { ColumnContract, GeneratorHint } from '@/lib/contracts/schema';
import { aliasTable } from './alias';
import type { GeneratorVersion } from './spec';
import { dayWeights, HOUR_WEIGHTS } from './calendar';
import { lognormalKnots } from './quantiles';
import { aliasChoice, below, type Bind, chance, interpolate, pick, skewed, sqlString, uniform, weightedChoice } from './random';
import { FIRST_NAMES, LAST_NAMES, PRODUCT_ADJECTIVES, PRODUCT_NOUNS } from './vocabulary';

/** What a column expression may refer to in the generating SELECT of its dataset. */
export type ColumnScope = {
  version: GeneratorVersion;
  dataset: string;
  /** SQL of a text that is unique per row (for e-mail addresses). */
  rowLabel: string;
  /** Set when the dataset is built per row of a parent: the parent's key and the 1-based child index. */
  child: { parentDataset: string; parentKey: string; index: string } | null;
  /** SQL of the row count of a dataset this one references. */
  rowsOf(dataset: string): string;
  /** Registers a random draw and returns its SQL (a BIGINT in [0, 2³²)); `shared` draws are one per row
   * for the whole dataset (a person's name and e-mail agree), the others one per column. */
  draw(column: string, purpose: string, shared?: boolean): string;
  bind: Bind;
};

export type ColumnSql = { ok: true; sql: string } | { ok: false; error: string };

/** Expression (before the cast to the column type) for the default of a type without a hint. */
const DEFAULT_DATE_RANGE = { from: '2024-01-01', to: '2025-12-31' } as const;

const TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?$/;

export function columnSql(column: ColumnContract, scope: ColumnScope): ColumnSql {
  if (!TYPE_PATTERN.test(column.type)) return { ok: false, error: `${scope.dataset}.${column.name} has type ${column.type}, which the generator cannot cast to` };
  const hint = column.generator;
  const value = hint ? hintSql(hint, column, scope) : defaultSql(column, scope);
  if (!value.ok) return value;
  const typed = `CAST(${value.sql} AS ${column.type})`;
  const nullRate = hint && 'nullRate' in hint ? (hint.nullRate ?? 0) : 0;
  if (nullRate <= 0) return { ok: true, sql: typed };
  return { ok: true, sql: `CASE WHEN ${chance(scope.draw(column.name, 'null'), nullRate)} THEN NULL ELSE ${typed} END` };
}

function hintSql(hint: GeneratorHint, column: ColumnContract, scope: ColumnScope): ColumnSql {
  const where = `${scope.dataset}.${column.name}`;
  const h = (purpose = 'value') => scope.draw(column.name, purpose);
  switch (hint.kind) {
    case 'sequence':
      return {
        ok: true,
        sql: scope.child ? `row_number() OVER (ORDER BY ${scope.child.parentKey}, ${scope.child.index})` : '__row',
      };
    case 'child_index':
      if (!scope.child) return { ok: false, error: `${where} is a child_index, but ${scope.dataset} is not generated per parent row (synthetic.perParent)` };
      return { ok: true, sql: scope.child.index };
    case 'reference': {
      if (scope.child && hint.dataset === scope.child.parentDataset) return { ok: true, sql: scope.child.parentKey };
      const n = scope.rowsOf(hint.dataset);
      if (!hint.skew) return { ok: true, sql: `1 + ${below(h(), n)}` };
      return { ok: true, sql: `least(${n}, 1 + floor(${n} * ${skewed(scope.bind(uniform(h())), hint.skew)})::BIGINT)` };
    }
    case 'person_name':
      return { ok: true, sql: `${pick(FIRST_NAMES, scope.draw(column.name, 'person:first', true))} || ' ' || ${pick(LAST_NAMES, scope.draw(column.name, 'person:last', true))}` };
    case 'email': {
      const first = pick(FIRST_NAMES.map((name) => name.toLowerCase()), scope.draw(column.name, 'person:first', true));
      const last = pick(LAST_NAMES.map((name) => name.toLowerCase()), scope.draw(column.name, 'person:last', true));
      // example.com is reserved for examples (RFC 2606): no generated address can reach anyone.
      return { ok: true, sql: `${first} || '.' || ${last} || ${scope.rowLabel} || '@example.com'` };
    }
    case 'product_name':
      return { ok: true, sql: `${pick(PRODUCT_ADJECTIVES, h('adjective'))} || ' ' || ${pick(PRODUCT_NOUNS, h('noun'))} || ' ' || (100 + ${below(h('model'), 900)})::VARCHAR` };
    case 'category':
      return {
        ok: true,
        sql: weightedChoice(
          h(),
          hint.values.map(({ value, weight }) => ({ sql: typeof value === 'number' ? String(value) : sqlString(value), weight })),
        ),
      };
    case 'money': {
      let sql = interpolate(lognormalKnots(hint.median, hint.sigma), scope.bind(uniform(h())));
      if (hint.min !== undefined) sql = `greatest(${hint.min}, ${sql})`;
      if (hint.max !== undefined) sql = `least(${hint.max}, ${sql})`;
      // A cast to DECIMAL rounds by itself; other types get cents here.
      return { ok: true, sql: /^(DECIMAL|NUMERIC)\b/i.test(column.type) ? sql : `round(${sql}, 2)` };
    }
    case 'integer': {
      const span = hint.max - hint.min + 1;
      if (!hint.skew) return { ok: true, sql: `(${hint.min} + ${below(h(), span)})` };
      return { ok: true, sql: `least(${hint.max}, ${hint.min} + floor(${span} * ${skewed(scope.bind(uniform(h())), hint.skew)})::BIGINT)` };
    }
    case 'timestamp':
      return { ok: true, sql: timestampSql(hint.from, hint.to, hint.seasonality, h, scope.bind) };
  }
}

/** A day drawn by weight (alias method over the days), plus a time of day: by the hour profile with
 * seasonality, uniform without. Built from microseconds since the epoch: the same instant as
 * `(DATE from + day)::TIMESTAMP + to_seconds(seconds)` in one function call instead of three. */
function timestampSql(from: string, to: string, seasonality: boolean, h: (purpose: string) => string, bind: Bind): string {
  const weights = dayWeights(from, to, seasonality);
  const day = seasonality ? aliasChoice(h('day'), aliasTable(weights), bind) : below(h('day'), weights.length);
  const seconds = seasonality ? `${aliasChoice(h('hour'), aliasTable([...HOUR_WEIGHTS]), bind)} * 3600 + ${below(h('second'), 3600)}` : below(h('second'), 86_400);
  return `make_timestamp(${Date.parse(`${from}T00:00:00Z`) * 1000} + ${day} * ${DAY_MICROS} + (${seconds}) * 1000000)`;
}

const DAY_MICROS = 86_400_000_000;

function defaultSql(column: ColumnContract, scope: ColumnScope): ColumnSql {
  const h = (purpose = 'value') => scope.draw(column.name, purpose);
  const base = column.type.toUpperCase().replace(/\(.*$/, '').trim();
  // Version 1 shifted the 32-bit draw by 63, which is always 0: every value false.
  if (base === 'BOOLEAN' || base === 'BOOL') return { ok: true, sql: `(${h()} >> ${scope.version === 1 ? 63 : 31}) = 1` };
  if (base === 'TINYINT' || base === 'UTINYINT') return { ok: true, sql: below(h(), 101) };
  if (/^(SMALLINT|INTEGER|INT|BIGINT|HUGEINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT2|INT4|INT8)$/.test(base)) return { ok: true, sql: below(h(), 1001) };
  if (/^(DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL|FLOAT4|FLOAT8)$/.test(base)) return { ok: true, sql: `${below(h(), 100_001)} / 100` };
  if (/^(VARCHAR|TEXT|STRING|CHAR|BPCHAR)$/.test(base)) return { ok: true, sql: `${sqlString(`${column.name} `)} || ${below(h(), 100_000)}::VARCHAR` };
  if (base === 'DATE') return { ok: true, sql: `DATE '${DEFAULT_DATE_RANGE.from}' + ${below(h(), 731)}::INTEGER` };
  if (/^TIMESTAMP( WITH TIME ZONE)?$|^TIMESTAMPTZ$|^DATETIME$/.test(base)) {
    return { ok: true, sql: timestampSql(DEFAULT_DATE_RANGE.from, DEFAULT_DATE_RANGE.to, false, h, scope.bind) };
  }
  if (base === 'UUID') {
    const hex = `(lpad(to_hex(${h('hi')}), 16, '0') || lpad(to_hex(${h('lo')}), 16, '0'))`;
    const part = (start: number, length: number) => `substr(${hex}, ${start}, ${length})`;
    return { ok: true, sql: [part(1, 8), part(9, 4), part(13, 4), part(17, 4), part(21, 12)].join(" || '-' || ") };
  }
  return { ok: false, error: `${scope.dataset}.${column.name} has type ${column.type}, which has no default generator: give it a generator hint` };
}
