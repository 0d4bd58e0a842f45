/** DuckDB's own text forms (what `::VARCHAR` prints) for values that have no JSON equivalent. Both
 * engines read the raw parts (days, micros, scaled integers, bytes) and render them here, so they
 * print the same text by construction; render.test.ts checks every form against native DuckDB. */

export type TimeUnit = 's' | 'ms' | 'us' | 'ns';

const UNITS_PER_SECOND: Record<TimeUnit, bigint> = { s: 1n, ms: 1_000n, us: 1_000_000n, ns: 1_000_000_000n };
const FRACTION_DIGITS: Record<TimeUnit, number> = { s: 0, ms: 3, us: 6, ns: 9 };
const SECONDS_PER_DAY = 86_400n;
// DuckDB stores ±infinity as the extreme values of the underlying integer.
const DATE_INFINITY = 2_147_483_647;
const TIMESTAMP_INFINITY = 9_223_372_036_854_775_807n;

function pad(value: number | bigint, width: number): string {
  return String(value).padStart(width, '0');
}

function floorDiv(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  return value % divisor < 0n ? quotient - 1n : quotient;
}

/** Year, month and day of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm,
 * exact over DuckDB's whole date range, unlike JS Date). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** '2024-01-02', '0044-03-15 (BC)' (year 0 is 1 BC), 'infinity'. */
export function renderDate(days: number): string {
  if (days === DATE_INFINITY) return 'infinity';
  if (days === -DATE_INFINITY) return '-infinity';
  const { year, month, day } = civilFromDays(days);
  const text = `${pad(year > 0 ? year : 1 - year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  return year > 0 ? text : `${text} (BC)`;
}

/** 'HH:MM:SS' plus the fraction without trailing zeros ('01:02:03.5'). */
function renderTimeOfDay(units: bigint, unit: TimeUnit): string {
  const perSecond = UNITS_PER_SECOND[unit];
  const seconds = units / perSecond;
  const fraction = units % perSecond;
  const text = `${pad(seconds / 3600n, 2)}:${pad((seconds / 60n) % 60n, 2)}:${pad(seconds % 60n, 2)}`;
  if (fraction === 0n) return text;
  return `${text}.${pad(fraction, FRACTION_DIGITS[unit]).replace(/0+$/u, '')}`;
}

export function renderTime(micros: bigint): string {
  return renderTimeOfDay(micros, 'us');
}

/** DuckDB's TIME WITH TIME ZONE: the local time and the offset east of UTC ('01:02:03+05:30'). */
export function renderTimeWithZone(micros: bigint, offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const offset = Math.abs(offsetSeconds);
  const minutes = Math.floor(offset / 60) % 60;
  const seconds = offset % 60;
  const suffix = seconds !== 0 ? `:${pad(minutes, 2)}:${pad(seconds, 2)}` : minutes !== 0 ? `:${pad(minutes, 2)}` : '';
  return `${renderTime(micros)}${sign}${pad(Math.floor(offset / 3600), 2)}${suffix}`;
}

/** A TIMESTAMP of any precision; `withZone` adds the '+00' DuckDB prints for TIMESTAMPTZ in UTC. */
export function renderTimestamp(value: bigint, unit: TimeUnit, withZone = false): string {
  if (value === TIMESTAMP_INFINITY) return 'infinity';
  if (value === -TIMESTAMP_INFINITY) return '-infinity';
  const perDay = SECONDS_PER_DAY * UNITS_PER_SECOND[unit];
  const days = floorDiv(value, perDay);
  const text = `${renderDate(Number(days))} ${renderTimeOfDay(value - days * perDay, unit)}`;
  return withZone ? `${text}+00` : text;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 || count === -1 ? '' : 's'}`;
}

/** '1 year 2 months 3 days 04:05:06.789', '-1 day -02:00:00', '00:00:00'. */
export function renderInterval(months: number, days: number, micros: bigint): string {
  const parts: string[] = [];
  const years = Math.trunc(months / 12);
  if (years !== 0) parts.push(plural(years, 'year'));
  if (months - years * 12 !== 0) parts.push(plural(months - years * 12, 'month'));
  if (days !== 0) parts.push(plural(days, 'day'));
  if (micros !== 0n) parts.push(`${micros < 0n ? '-' : ''}${renderTimeOfDay(micros < 0n ? -micros : micros, 'us')}`);
  return parts.length === 0 ? '00:00:00' : parts.join(' ');
}

/** A DECIMAL's exact text from its scaled integer: (-1500n, 3) → '-1.500'. */
export function renderDecimal(scaled: bigint, scale: number): string {
  if (scale === 0) return scaled.toString();
  const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(scale + 1, '0');
  const sign = scaled < 0n ? '-' : '';
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** BLOB text: printable ASCII as is, except the quotes and backslash; every other byte as '\xHH'. */
export function renderBlob(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    const printable = byte >= 32 && byte <= 126 && byte !== 34 && byte !== 39 && byte !== 92;
    text += printable ? String.fromCharCode(byte) : `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return text;
}

/** BIT text from DuckDB's storage: a first byte counting the padding bits, then the bits, MSB first. */
export function renderBits(stored: Uint8Array): string {
  const padding = stored[0] ?? 0;
  let text = '';
  for (let bit = padding; bit < (stored.length - 1) * 8; bit += 1) {
    const byte = stored[1 + Math.floor(bit / 8)] ?? 0;
    text += (byte >> (7 - (bit % 8))) & 1 ? '1' : '0';
  }
  return text;
}

/** A little-endian integer of any width (HUGEINT, UHUGEINT words as Arrow ships them). */
export function littleEndianInteger(bytes: Uint8Array, signed: boolean): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i -= 1) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  return signed ? BigInt.asIntN(bytes.length * 8, value) : value;
}
