// Shared by the benches: medians with their spread, and how a duration is printed.
export type Stats = { median: number; min: number; max: number };

export function stats(values: number[]): Stats {
  const xs = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (xs.length === 0) return { median: NaN, min: NaN, max: NaN };
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  return { median, min: xs[0]!, max: xs[xs.length - 1]! };
}

export const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '–');
