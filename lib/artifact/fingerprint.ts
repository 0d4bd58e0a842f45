import type { Column, Engine } from '@/lib/engine/types';
import { quoteIdent } from '@/lib/notebook/execute';
import { parseFingerprintType, type FingerprintType } from './fingerprint-types';

/*
 * Result fingerprints: an order-insensitive hash of a table's rows, computed inside DuckDB so that
 * DuckDB-WASM (browser) and native DuckDB (server replay) give the identical value. A row is hashed
 * from its typed values with DuckDB's own hash(); only values whose hash() is not canonical (floats'
 * zero sign, INTERVAL, nested types) take another form first. The forms, the row and table hashes,
 * the measured cost and the collision odds are in docs/fingerprint.md; fingerprint.test.ts keeps every
 * form identical on both engines.
 */

/** Bumped whenever the canonical form changes: an old fingerprint must never look comparable. */
export const FINGERPRINT_VERSION = 'fp2';

export type TableFingerprint = { rows: number; fingerprint: string };

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A self-delimiting token for one canonical text: `<byte length>:<text>`. */
const lengthPrefixed = (text: string) => `strlen(${text})::VARCHAR || ':' || ${text}`;

/** The canonical text of a scalar `value` inside a nested value; NULL stays NULL. */
function scalarText(value: string, type: FingerprintType): string {
  if (type.kind === 'decimal') {
    // Exact text without trailing fractional zeros: the same number always has the same text.
    return type.scale > 0 ? `rtrim(rtrim(${value}::VARCHAR, '0'), '.')` : `${value}::VARCHAR`;
  }
  if (type.kind !== 'scalar') throw new Error(`not a scalar type: ${type.kind}`);
  switch (type.name) {
    case 'VARCHAR':
      return value;
    case 'BLOB':
      return `hex(${value})`;
    case 'FLOAT':
    case 'DOUBLE':
      // The cast is the shortest round-trip text and keeps '-0.0', 'inf' and '-inf' apart; NaN has
      // two renderings ('nan', '-nan') that compare equal in DuckDB, so they become one.
      return `CASE WHEN isnan(${value}) THEN 'nan' ELSE ${value}::VARCHAR END`;
    case 'TIMESTAMP WITH TIME ZONE':
      // The instant in UTC without ICU's time zone functions (the wasm build has no ICU, and the
      // native rendering follows the session TimeZone): microseconds since the epoch, back as TIMESTAMP.
      return (
        `CASE WHEN ${value} IS NULL THEN NULL WHEN isfinite(${value}) THEN make_timestamp(epoch_us(${value}))::VARCHAR || '+00' ` +
        `WHEN ${value} > '1970-01-01 00:00:00+00'::TIMESTAMPTZ THEN 'infinity' ELSE '-infinity' END`
      );
    default:
      // Integers of every width, BIGNUM, BOOLEAN, UUID, DATE, TIME, TIME_NS, TIME WITH TIME ZONE,
      // TIMESTAMP (S/MS/NS), INTERVAL, BIT and ENUM: DuckDB's own cast text, identical on both engines.
      return `${value}::VARCHAR`;
  }
}

/**
 * The canonical text of a nested `value`: a VARCHAR that is never NULL and is self-delimiting, so that
 * tokens of list elements or struct fields can be concatenated without any ambiguity:
 * NULL → `N`; scalar → `<byte length>:<text>`; list/array → `[` tokens `]`; struct → `{` (name token,
 * value token)… `}`; map → its entries as a list of {key, value} structs; union → `<` tag token,
 * value token `>`. A token's first character tells which form follows.
 */
export function valueTokenSql(value: string, type: FingerprintType, depth = 0): string {
  const ifNotNull = (text: string) => `CASE WHEN ${value} IS NULL THEN 'N' ELSE ${text} END`;
  switch (type.kind) {
    case 'list': {
      const element = `__fp_e${depth}`;
      return ifNotNull(`'[' || coalesce(array_to_string(list_transform(${value}, lambda ${element}: ${valueTokenSql(element, type.element, depth + 1)}), ''), '') || ']'`);
    }
    case 'struct': {
      const fields = type.fields.map((field) => {
        const name = quote(field.name);
        return `${quote(`${new TextEncoder().encode(field.name).length}:${field.name}`)} || ${valueTokenSql(`struct_extract(${value}, ${name})`, field.type, depth)}`;
      });
      return ifNotNull(`'{' || ${fields.length > 0 ? fields.join(' || ') : "''"} || '}'`);
    }
    case 'map':
      return valueTokenSql(`map_entries(${value})`, { kind: 'list', element: { kind: 'struct', fields: [{ name: 'key', type: type.key }, { name: 'value', type: type.value }] } }, depth);
    case 'union': {
      const members = type.members.map((member) => {
        const tag = quote(member.name);
        return `WHEN ${tag} THEN ${lengthPrefixed(tag)} || ${valueTokenSql(`union_extract(${value}, ${tag})`, member.type, depth)}`;
      });
      return ifNotNull(`'<' || CASE union_tag(${value})::VARCHAR ${members.join(' ')} END || '>'`);
    }
    default:
      return ifNotNull(lengthPrefixed(scalarText(value, type)));
  }
}

/**
 * What one column contributes to its row's hash(): one or two expressions, always the same number for
 * a type, so that the column's position among the arguments is fixed by the schema.
 */
function hashArguments(value: string, type: FingerprintType): string[] {
  if (type.kind === 'list' || type.kind === 'struct' || type.kind === 'map' || type.kind === 'union') {
    // hash() of a nested value is not canonical (measured: [-0.0] and [0.0], [NULL], [] and a NULL list
    // all hash alike), so a nested value is hashed as its canonical text.
    return [valueTokenSql(value, type)];
  }
  if (type.kind === 'scalar' && (type.name === 'FLOAT' || type.name === 'DOUBLE')) {
    // hash() gives every NaN one value (wanted) and -0.0 the value of 0.0 (not wanted): the flag tells
    // the zeros apart. Measured: ~6 ms per million rows.
    return [value, `(${value} = 0 AND signbit(${value}))`];
  }
  if (type.kind === 'scalar' && type.name === 'INTERVAL') {
    // hash() normalises an interval ('1 month' and '30 days' hash alike); the text keeps the stored
    // months, days and microseconds apart.
    return [`${value}::VARCHAR`];
  }
  // Integers of every width, DECIMAL (its stored integer), BIGNUM, BOOLEAN, UUID, VARCHAR, BLOB, BIT,
  // ENUM (its index), DATE, TIME, TIME_NS, TIME WITH TIME ZONE (as stored, offset included),
  // TIMESTAMP (S/MS/NS) and TIMESTAMP WITH TIME ZONE (the instant): hash() of the typed value,
  // identical on both engines (measured, and tested for each type).
  return [value];
}

/**
 * A SELECT of one UBIGINT column, `h`: each row's hash. DuckDB's hash(a, b, …) folds its arguments as
 * `mix(hash(a)) ^ hash(b)` with a one-step mix, so the last argument goes in by a bare XOR; the outer
 * hash() (DuckDB's 64-bit murmur finaliser) mixes it in properly. Without it, swapping the last
 * column's values between two rows would leave the sum of row hashes unchanged about once in 2^26
 * (simulated at 8, 16 and 24 bits and extrapolated) instead of once in 2^64.
 */
export function rowHashSql(table: string, columns: readonly Column[]): string {
  if (columns.length === 0) return `SELECT 0::UBIGINT AS h FROM ${quoteIdent(table)}`;
  const args = columns.flatMap((column) => hashArguments(quoteIdent(column.name), parseFingerprintType(column.type)));
  return `SELECT hash(hash(${args.join(', ')})) AS h FROM ${quoteIdent(table)}`;
}

// The row hashes are summed as their two 32-bit halves, each a BIGINT: measured, sum() over a UBIGINT
// (exact, as a HUGEINT) costs ~5 ms per million rows natively and ~19 ms in DuckDB-WASM, over a BIGINT
// ~2 and ~5 ms. (sum() over a UHUGEINT returns a DOUBLE, which rounds: never that.)
const LOW_32_BITS = '4294967295';

/**
 * One SELECT returning `rows` (BIGINT) and `fingerprint` (VARCHAR, `fp2:` + 64 hex digits) for
 * `table`, whose columns (names and DuckDB type names, as DESCRIBE prints them) are `columns`.
 * The table hash adds up the high and the low 32 bits of the 64-bit row hashes as exact sums (so row
 * order does not matter and duplicates count) and hashes the row count and both sums with sha256.
 */
export function fingerprintSql(table: string, columns: readonly Column[]): string {
  return [
    `SELECT count(*) AS rows,`,
    `  '${FINGERPRINT_VERSION}:' || sha256(concat_ws(':', '${FINGERPRINT_VERSION}', count(*), coalesce(sum((h >> 32)::BIGINT), 0), coalesce(sum((h & ${LOW_32_BITS})::BIGINT), 0))) AS fingerprint`,
    `FROM (${rowHashSql(table, columns)})`,
  ].join('\n');
}

/** The fingerprint of a table (or view) on `engine`; the columns are read with DESCRIBE first. */
export async function fingerprintTable(engine: Engine, table: string): Promise<TableFingerprint> {
  const described = await engine.query(`DESCRIBE ${quoteIdent(table)}`, { exactTypes: false });
  const columns = described.rows.map(([name, type]) => ({ name: String(name), type: String(type) }));
  const result = await engine.query(fingerprintSql(table, columns), { exactTypes: false });
  const [rows, fingerprint] = result.rows[0] ?? [];
  return { rows: Number(rows), fingerprint: String(fingerprint) };
}
