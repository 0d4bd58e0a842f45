import type { Column, Engine } from '@/lib/engine/types';
import { quoteIdent } from '@/lib/notebook/execute';
import { parseFingerprintType, type FingerprintType } from './fingerprint-types';

/*
 * Result fingerprints: an order-insensitive hash of a table's canonical rows, computed inside DuckDB so
 * that DuckDB-WASM (browser) and native DuckDB (server replay) give the identical value. The canonical
 * form of every type, the row hash and the table hash are documented in docs/fingerprint.md; every
 * piece below was measured to give the same text on both engines (fingerprint.test.ts keeps it so).
 */

/** Bumped whenever the canonical form changes: an old fingerprint must never look comparable. */
export const FINGERPRINT_VERSION = 'fp1';

export type TableFingerprint = { rows: number; fingerprint: string };

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A self-delimiting token for one canonical text: `<byte length>:<text>`. */
const lengthPrefixed = (text: string) => `strlen(${text})::VARCHAR || ':' || ${text}`;

/** The canonical text of a scalar `value`; NULL stays NULL. */
function scalarText(value: string, type: FingerprintType): string {
  if (type.kind === 'decimal') {
    // Exact text without trailing fractional zeros, so DECIMAL(18,2) 1.50 and DECIMAL(9,1) 1.5 agree.
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
 * A VARCHAR expression that is never NULL and is self-delimiting, so that tokens of consecutive
 * columns, list elements or struct fields can be concatenated without any ambiguity:
 * NULL → `N`; scalar → `<byte length>:<text>`; list/array → `[` tokens `]`; struct → `{` (name token,
 * value token)… `}`; map → its entries as a list of {key, value} structs; union → `<` tag token,
 * value token `>`. A token's first character tells which form follows.
 */
function token(value: string, type: FingerprintType, depth: number): string {
  const ifNotNull = (text: string) => `CASE WHEN ${value} IS NULL THEN 'N' ELSE ${text} END`;
  switch (type.kind) {
    case 'list': {
      const element = `__fp_e${depth}`;
      return ifNotNull(`'[' || coalesce(array_to_string(list_transform(${value}, lambda ${element}: ${token(element, type.element, depth + 1)}), ''), '') || ']'`);
    }
    case 'struct': {
      const fields = type.fields.map((field) => {
        const name = quote(field.name);
        return `${quote(`${new TextEncoder().encode(field.name).length}:${field.name}`)} || ${token(`struct_extract(${value}, ${name})`, field.type, depth)}`;
      });
      return ifNotNull(`'{' || ${fields.length > 0 ? fields.join(' || ') : "''"} || '}'`);
    }
    case 'map':
      return token(`map_entries(${value})`, { kind: 'list', element: { kind: 'struct', fields: [{ name: 'key', type: type.key }, { name: 'value', type: type.value }] } }, depth);
    case 'union': {
      const members = type.members.map((member) => {
        const tag = quote(member.name);
        return `WHEN ${tag} THEN ${lengthPrefixed(tag)} || ${token(`union_extract(${value}, ${tag})`, member.type, depth)}`;
      });
      return ifNotNull(`'<' || CASE union_tag(${value})::VARCHAR ${members.join(' ')} END || '>'`);
    }
    default:
      return ifNotNull(lengthPrefixed(scalarText(value, type)));
  }
}

const isNested = (type: FingerprintType) => type.kind === 'list' || type.kind === 'struct' || type.kind === 'map' || type.kind === 'union';

/** A SELECT of one column, `canonical`: each row's canonical text, the columns' tokens in column order.
 * Column names and types are not part of it (the artifact records the schema beside the fingerprint). */
export function canonicalRowSql(columns: readonly Column[], table: string): string {
  if (columns.length === 0) return `SELECT '' AS canonical FROM ${quoteIdent(table)}`;
  // Two steps so that each column's canonical text is computed once: DuckDB does not share the
  // repeated subexpression in `strlen(t) || ':' || t` (measured: a DECIMAL(18,2) column cost twice as much).
  const types = columns.map((column) => parseFingerprintType(column.type));
  const texts = columns.map((column, i) => {
    const type = types[i] as FingerprintType;
    const value = quoteIdent(column.name);
    return `${isNested(type) ? token(value, type, 0) : scalarText(value, type)} AS c${i}`;
  });
  const tokens = types.map((type, i) => (isNested(type) ? `c${i}` : `CASE WHEN c${i} IS NULL THEN 'N' ELSE ${lengthPrefixed(`c${i}`)} END`));
  return `SELECT ${tokens.join(' || ')} AS canonical FROM (SELECT ${texts.join(', ')} FROM ${quoteIdent(table)})`;
}

// md5_number is the row's md5 as a UHUGEINT (measured: one md5 per row costs ~0.8 s per million rows
// less than md5_number_upper + md5_number_lower, which hash the text twice). Each half is summed as a
// UBIGINT, whose sum is an exact HUGEINT: measured, sum() over a UHUGEINT returns a DOUBLE, which
// rounds and would make the result depend on row order.
const LOW_64_BITS = '18446744073709551615::UHUGEINT';

/**
 * One SELECT returning `rows` (BIGINT) and `fingerprint` (VARCHAR, `fp1:` + 64 hex digits) for
 * `table`, whose columns (names and DuckDB type names, as DESCRIBE prints them) are `columns`.
 * Each row's canonical text is hashed with md5; the table hash adds up the two 64-bit halves of every
 * row hash as exact HUGEINT sums (so row order does not matter and duplicates count) and hashes the
 * row count and both sums with sha256.
 */
export function fingerprintSql(table: string, columns: readonly Column[]): string {
  return [
    `SELECT count(*) AS rows,`,
    `  '${FINGERPRINT_VERSION}:' || sha256(concat_ws(':', '${FINGERPRINT_VERSION}', count(*), coalesce(sum((h >> 64)::UBIGINT), 0), coalesce(sum((h & ${LOW_64_BITS})::UBIGINT), 0))) AS fingerprint`,
    `FROM (SELECT md5_number(canonical) AS h FROM (${canonicalRowSql(columns, table)}))`,
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
