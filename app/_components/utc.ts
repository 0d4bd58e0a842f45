/** A server-rendered time the same for every viewer: "2026-11-28 02:07 UTC" (or with seconds). */
export function utc(date: Date | string, { seconds = false } = {}): string {
  return `${new Date(date).toISOString().replace('T', ' ').slice(0, seconds ? 19 : 16)} UTC`;
}
