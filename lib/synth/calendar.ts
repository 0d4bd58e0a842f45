/* Seasonality profiles for timestamps: integer weights, so the same days get the same share on every
 * engine. A day's weight is its weekday weight × its month weight; the hour of day has its own profile. */

/** Monday..Sunday: busier towards and over the weekend. */
export const WEEKDAY_WEIGHTS = [95, 92, 95, 100, 112, 128, 118] as const;
/** January..December: a summer dip and the November–December peak. */
export const MONTH_WEIGHTS = [88, 84, 95, 96, 100, 94, 88, 86, 98, 104, 128, 142] as const;
/** 00..23 h: quiet nights, a lunch bump and an evening peak. */
export const HOUR_WEIGHTS = [8, 5, 3, 2, 2, 3, 8, 18, 34, 46, 52, 56, 62, 58, 52, 50, 52, 58, 66, 78, 84, 72, 46, 22] as const;

const DAY_MS = 86_400_000;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Weight of each day from `from` to `to`, both included. */
export function dayWeights(from: string, to: string, seasonality: boolean): number[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: daysBetween(from, to) }, (_, d) => {
    if (!seasonality) return 1;
    const day = new Date(start + d * DAY_MS);
    return WEEKDAY_WEIGHTS[(day.getUTCDay() + 6) % 7]! * MONTH_WEIGHTS[day.getUTCMonth()]!;
  });
}
