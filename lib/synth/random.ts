/*
 * Seeded randomness as SQL expressions. Every random value comes from DuckDB's hash() of (seed,
 * dataset, row key, purpose): a pure function of the row, so the result depends neither on thread
 * count nor on row order (random()/setseed() do), and hash() is the same in DuckDB-WASM and native
 * DuckDB (measured). After it only integer operations, + − × ÷ and lookups in small constant lists,
 * exact or correctly rounded on both engines (quantiles.ts says why ln/exp/pow/cos are avoided).
 *
 * A draw is a 32-bit unsigned integer (a BIGINT in [0, 2³²)): each 64-bit hash holds two.
 *
 * Cost: DuckDB-WASM evaluates one vector operation at a time, 5–30 ms per operation per million rows
 * (measured), so a value an expression needs twice is computed once, in a layer below (`Bind`).
 */
import type { AliasTable } from './alias';
import type { Knots } from './quantiles';

export const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;
export const sqlIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The 64-bit hash behind a pair of draws. DuckDB's multi-argument hash() combines by mixing the
 * running hash and XOR-ing in the next argument's hash *unmixed*, so hash(row, 'a') XOR hash(row, 'b')
 * is the same constant on every row (measured: identical top bits on 10,000 of 10,000 rows). Hashing
 * the result once more mixes it fully (measured correlation of two draws −0.006).
 */
export const pairHash = (rowHash: string, label: string) => `hash(hash(${rowHash}, ${sqlString(label)}))`;

/** The row's own hash, input of all its draws. */
export const rowHash = (seed: number, dataset: string, rowKey: readonly string[]) => `hash(${seed}, ${sqlString(dataset)}, ${rowKey.join(', ')})`;

/** Draw `half` (0 = high, 1 = low 32 bits) of a pair hash column. */
export const halfOf = (hashColumn: string, half: 0 | 1) => (half === 0 ? `(${hashColumn} >> 32)` : `(${hashColumn} & 4294967295)`);

/** Computes `sql` once per row in a layer below the one that uses it and returns the column's name;
 * `after` names the bound columns `sql` reads (draws need none). */
export type Bind = (sql: string, after?: readonly string[]) => string;

/** Uniform DOUBLE in [0, 1) on a grid of 2⁻³²: exact, never 1. */
export const uniform = (d: string) => `(${d}::DOUBLE / 4294967296::DOUBLE)`;

/** 0..n−1 (modulo bias below n/2³², 0.1% for n = 5,000,000). */
export const below = (d: string, n: number | string) => `(${d} % ${n})::BIGINT`;

const DRAW = 2 ** 32;

/** True with probability `rate`. */
export const chance = (d: string, rate: number) => `(${d} < ${Math.round(rate * DRAW)})`;

/** One of the SQL expressions, each with probability weight / Σ weights (thresholds in integers). */
export function weightedChoice(d: string, choices: readonly { sql: string; weight: number }[]): string {
  if (choices.length === 1) return choices[0]!.sql;
  const total = choices.reduce((sum, c) => sum + c.weight, 0);
  let cumulative = 0;
  const branches = choices.slice(0, -1).map((choice) => {
    cumulative += choice.weight;
    return `WHEN ${d} < ${Math.round((cumulative / total) * DRAW)} THEN ${choice.sql}`;
  });
  return `CASE ${branches.join(' ')} ELSE ${choices.at(-1)!.sql} END`;
}

// keep[i] < 2³² and alias[i] < 2¹⁶ share one BIGINT, so a choice costs one list lookup instead of two.
const ALIAS_BITS = 16;

/** An index 0..n−1 drawn by the alias table's weights. */
export function aliasChoice(d: string, table: AliasTable, bind: Bind): string {
  const n = table.keep.length;
  const i = bind(below(d, n));
  if (n > 2 ** ALIAS_BITS) return `CASE WHEN ${d} // ${n} < [${table.keep.join(', ')}][${i} + 1] THEN ${i} ELSE [${table.alias.join(', ')}][${i} + 1] END`;
  const packed = bind(`[${table.keep.map((keep, j) => keep * 2 ** ALIAS_BITS + table.alias[j]!).join(', ')}][${i} + 1]`, [i]);
  return `CASE WHEN ${d} // ${n} < (${packed} >> ${ALIAS_BITS}) THEN ${i} ELSE (${packed} & ${2 ** ALIAS_BITS - 1}) END`;
}

/** An element of a list of strings chosen uniformly. */
export const pick = (items: readonly string[], d: string) => `[${items.map(sqlString).join(', ')}][${below(d, items.length)} + 1]`;

// Exponent form makes DuckDB read every element as DOUBLE (a plain 1.5 is a DECIMAL literal);
// toExponential() gives the shortest exact form, so the text is the same on every JavaScript engine.
const doubles = (xs: readonly number[]) => `[${xs.map((x) => x.toExponential()).join(', ')}]`;

/** The quantile function given by knots at p = j/n, at u ∈ [0, 1), by linear interpolation
 * (knot + fraction × slope: two lookups). */
export function interpolate(knots: Knots, u: string): string {
  const n = knots.length - 1;
  const slopes = knots.slice(1).map((k, j) => k - knots[j]!);
  const pos = `(${u} * ${n})`;
  const i = `floor(${pos})`;
  return `(${doubles(knots.slice(0, -1))}[${i}::BIGINT + 1] + (${pos} - ${i}) * ${doubles(slopes)}[${i}::BIGINT + 1])`;
}

/** u^(1+skew) for u ∈ [0, 1), by multiplication only: a fractional skew mixes the two neighbouring
 * whole powers, which keeps it monotone and between them. */
export function skewed(u: string, skew: number): string {
  const whole = Math.floor(skew);
  const fraction = skew - whole;
  const power = (k: number) => Array.from({ length: k }, () => u).join(' * ');
  if (fraction === 0) return `(${power(whole + 1)})`;
  return `(${1 - fraction} * ${power(whole + 1)} + ${fraction} * ${power(whole + 2)})`;
}
