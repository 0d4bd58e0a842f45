/*
 * Quantile tables for skewed draws, computed with + − × ÷ and sqrt only.
 *
 * Why not DuckDB's ln/exp/pow/cos: measured over 3M values, DuckDB-WASM (musl) and native DuckDB (glibc)
 * return different last bits for all four, so a log-normal computed in SQL would not hash the same in the
 * browser and on the server. sqrt and the basic operations are correctly rounded everywhere. The same
 * holds for JavaScript: Math.exp/Math.log may differ between browsers, so these tables use their own
 * series; every engine therefore gets the same SQL text, and SQL only interpolates linearly.
 */

const LN2 = 0.6931471805599453;

export function exp(x: number): number {
  const k = Math.round(x / LN2);
  const r = x - k * LN2;
  let term = 1;
  let sum = 1;
  for (let n = 1; n <= 24; n++) {
    term = (term * r) / n;
    sum += term;
  }
  for (let i = 0; i < Math.abs(k); i++) sum = k > 0 ? sum * 2 : sum / 2;
  return sum;
}

export function log(x: number): number {
  if (!(x > 0)) throw new RangeError(`log of ${x}`);
  let m = x;
  let e = 0;
  for (; m > 1.5; e++) m /= 2;
  for (; m < 0.75; e--) m *= 2;
  // log(m) = 2·atanh(t) with |t| ≤ 0.2.
  const t = (m - 1) / (m + 1);
  const t2 = t * t;
  let power = t;
  let sum = 0;
  for (let n = 1; n <= 41; n += 2) {
    sum += power / n;
    power *= t2;
  }
  return 2 * sum + e * LN2;
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normal quantile of ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Knots of a quantile function at p = j/n (j = 0..n); SQL interpolates between them. */
export type Knots = number[];
export const KNOTS = 256;

/** Log-normal quantiles; the open ends are cut at p = 1/(2n) and 1 − 1/(2n) (about ±2.9 sigma). */
export function lognormalKnots(median: number, sigma: number, n = KNOTS): Knots {
  return Array.from({ length: n + 1 }, (_, j) => {
    const p = Math.min(Math.max(j / n, 0.5 / n), 1 - 0.5 / n);
    return round(median * exp(sigma * normalQuantile(p)));
  });
}

// Nine significant digits keep the SQL short; toPrecision is exactly specified, so still the same text everywhere.
const round = (x: number) => Number(x.toPrecision(9));
