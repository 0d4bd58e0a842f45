/* Walker's alias method in integers: a weighted choice among n items from one 32-bit draw and two
 * lookups in lists of n entries (DuckDB looks small constant lists up fast; a 65,536-entry bucket list
 * was ~10× slower per row). Built with integer arithmetic only, so every engine gets the same lists. */

export type AliasTable = {
  /** Item i is kept when (draw // n) < keep[i], else alias[i] is taken. */
  keep: number[];
  alias: number[];
};

const DRAW = 2 ** 32;

export function aliasTable(weights: readonly number[]): AliasTable {
  const n = weights.length;
  if (n === 0 || weights.some((w) => !Number.isInteger(w) || w < 0)) throw new RangeError('alias weights are non-negative integers');
  const total = weights.reduce((a, b) => a + b, 0);
  // Scaled so that every slot holds exactly `total`: slot i keeps scaled[i] of it, the rest is alias[i].
  const scaled = weights.map((w) => w * n);
  const alias = weights.map((_, i) => i);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((s, i) => (s < total ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.at(-1)!;
    alias[s] = l;
    scaled[l]! -= total - scaled[s]!;
    if (scaled[l]! < total) small.push(large.pop()!);
  }
  for (const i of large) scaled[i] = total;
  for (const i of small) scaled[i] = total;
  const levels = Math.floor(DRAW / n);
  return { keep: scaled.map((s) => Math.floor((s * levels) / total)), alias };
}
