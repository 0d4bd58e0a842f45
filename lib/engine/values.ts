import type { Value } from './types';

/** A cell read from either engine, before it becomes a JSON-safe `Value`. Each engine maps its own
 * representation (Arrow vectors, node-api values) to this one shape, so one function normalises both.
 * `{ exact }` is an integer or decimal that must not pass through a double. */
export type Raw =
  | null
  | boolean
  | number
  | string
  | { readonly exact: string }
  | readonly Raw[]
  | { readonly fields: readonly (readonly [string, Raw])[] }
  | { readonly pairs: readonly (readonly [Raw, Raw])[] };

export const exact = (digits: bigint | string): Raw => ({ exact: String(digits) });
export const struct = (fields: readonly (readonly [string, Raw])[]): Raw => ({ fields });
export const map = (pairs: readonly (readonly [Raw, Raw])[]): Raw => ({ pairs });

// Array.isArray does not narrow readonly arrays out of a union.
function isList(raw: Raw): raw is readonly Raw[] {
  return Array.isArray(raw);
}

function nonFiniteName(n: number): string {
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

function jsonNumber(n: number): string {
  if (!Number.isFinite(n)) return JSON.stringify(nonFiniteName(n));
  return Object.is(n, -0) ? '-0' : JSON.stringify(n);
}

/** JSON text of a nested value; integers and decimals keep every digit as bare JSON numbers. */
function jsonText(raw: Raw): string {
  if (raw === null || typeof raw === 'boolean' || typeof raw === 'string') return JSON.stringify(raw);
  if (typeof raw === 'number') return jsonNumber(raw);
  if (isList(raw)) return `[${raw.map(jsonText).join(',')}]`;
  if ('exact' in raw) return raw.exact;
  if ('fields' in raw) return `{${raw.fields.map(([name, value]) => `${JSON.stringify(name)}:${jsonText(value)}`).join(',')}}`;
  return `[${raw.pairs.map(([key, value]) => `{"key":${jsonText(key)},"value":${jsonText(value)}}`).join(',')}]`;
}

/**
 * The one normalisation both engines apply to every cell:
 * - NULL → null; BOOLEAN → boolean; TINYINT…INTEGER, UTINYINT…UINTEGER, FLOAT, DOUBLE → number
 *   (-0.0 stays -0; NaN and ±inf become the strings 'NaN', 'Infinity', '-Infinity');
 * - BIGINT, UBIGINT, HUGEINT, UHUGEINT → decimal string; DECIMAL → its exact text ('1.500');
 * - VARCHAR, ENUM, UUID → string; BLOB, BIT, DATE, TIME, TIMESTAMP (all precisions), TIMESTAMPTZ (UTC,
 *   '+00') and INTERVAL → the text DuckDB's `::VARCHAR` prints (see render.ts); TIME WITH TIME ZONE
 *   too, except that DuckDB-WASM's Arrow export drops the offset, so the wasm engines print the bare time;
 * - LIST, ARRAY, STRUCT, MAP → JSON text: a list is an array, a struct an object in field order, a map
 *   an array of {"key","value"}; inside, integers and decimals are exact JSON numbers and everything
 *   else follows the rules above. A UNION is its member's value.
 */
export function toValue(raw: Raw): Value {
  if (raw === null || typeof raw === 'boolean' || typeof raw === 'string') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : nonFiniteName(raw);
  if (!isList(raw) && 'exact' in raw) return raw.exact;
  return jsonText(raw);
}
