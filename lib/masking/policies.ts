import type { ColumnContract } from '@/lib/contracts/schema';
import { quoteIdent } from '@/lib/notebook/execute';

/** What leaves the warehouse of one column. `pseudonymise` needs the server's UDFs (udf.ts); every
 * other policy is plain DuckDB SQL and runs in either engine. */
export type MaskingPolicy =
  | { kind: 'keep' }
  /** Keyed HMAC-SHA-256; the same `purpose` in two tables keeps the pseudonymised keys joinable. */
  | { kind: 'pseudonymise'; purpose: string; shape?: 'email' | 'text' }
  | { kind: 'redact' }
  /** Keeps `leading` and `trailing` characters and stars the rest; a value too short is starred whole. */
  | { kind: 'partial'; leading: number; trailing: number }
  /** Dates and timestamps to the first of their month; numbers down to a multiple of `bucket`. */
  | { kind: 'generalise'; bucket?: number }
  | { kind: 'null' }
  | { kind: 'drop' };

export const REDACTED = '[redacted]';

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const NUMBER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/;
const TEMPORAL_TYPES = /^(DATE|TIMESTAMP|TIMESTAMP WITH TIME ZONE|TIMESTAMPTZ|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS)$/;
const TEXT_TYPES = /^(VARCHAR|TEXT|STRING)$/;

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const nonNegativeInt = (n: number, what: string) => {
  if (!Number.isInteger(n) || n < 0 || n > 1_000) throw new Error(`${what} must be a whole number from 0 to 1000`);
  return n;
};

/**
 * The SQL expression that masks `column` under `policy`, keeping its type where the policy allows
 * (pseudonymised ids stay integers, generalised dates stay dates); null for `drop` (leave it out).
 * Throws for a policy that does not fit the type (generalising text), so a bad policy is refused
 * before any row is read.
 */
export function maskExpression(column: { name: string; type: string }, policy: MaskingPolicy): string | null {
  const ref = quoteIdent(column.name);
  const type = column.type.toUpperCase();
  switch (policy.kind) {
    case 'keep':
      return ref;
    case 'pseudonymise':
      if (INTEGER_TYPES.test(type)) return `CAST(assay_pseudonymise_id(CAST(${ref} AS BIGINT), ${literal(policy.purpose)}) AS BIGINT)`;
      if (policy.shape === 'email') return `assay_pseudonymise_email(CAST(${ref} AS VARCHAR), ${literal(policy.purpose)})`;
      return `assay_pseudonymise(CAST(${ref} AS VARCHAR), ${literal(policy.purpose)})`;
    case 'redact':
      return TEXT_TYPES.test(type) ? `CASE WHEN ${ref} IS NULL THEN NULL ELSE ${literal(REDACTED)} END` : `CAST(NULL AS ${column.type})`;
    case 'partial': {
      const lead = nonNegativeInt(policy.leading, 'leading');
      const trail = nonNegativeInt(policy.trailing, 'trailing');
      const text = TEXT_TYPES.test(type) ? ref : `CAST(${ref} AS VARCHAR)`;
      return `CASE WHEN ${text} IS NULL THEN NULL WHEN length(${text}) <= ${lead + trail} THEN repeat('*', length(${text})) ELSE left(${text}, ${lead}) || repeat('*', length(${text}) - ${lead + trail}) || right(${text}, ${trail}) END`;
    }
    case 'generalise': {
      if (TEMPORAL_TYPES.test(type)) return `CAST(date_trunc('month', ${ref}) AS ${column.type})`;
      if (NUMBER_TYPES.test(type)) {
        const bucket = policy.bucket ?? 10;
        if (!(bucket > 0) || !Number.isFinite(bucket)) throw new Error('a generalising bucket must be a positive number');
        return `CAST(floor(${ref} / ${bucket}) * ${bucket} AS ${column.type})`;
      }
      throw new Error(`${column.name}: generalise applies to dates, timestamps and numbers, not ${column.type}`);
    }
    case 'null':
      return `CAST(NULL AS ${column.type})`;
    case 'drop':
      return null;
    default: {
      const never: never = policy;
      throw new Error(`unknown masking policy ${JSON.stringify(never)}`);
    }
  }
}

/** The SELECT that reads `table` with every column masked by its policy (dropped ones left out). */
export function maskedSelect(table: string, columns: { name: string; type: string; policy: MaskingPolicy }[]): string {
  const list = columns.flatMap((c) => {
    const expression = maskExpression(c, c.policy);
    return expression === null ? [] : [`${expression} AS ${quoteIdent(c.name)}`];
  });
  if (list.length === 0) throw new Error(`${table}: every column is dropped`);
  return `SELECT ${list.join(', ')} FROM ${quoteIdent(table)}`;
}

/** The policy a catalog contract's masking rule stands for; the purpose of a pseudonym is the
 * column's own `dataset.column` (a foreign key should use the key it references, to stay joinable). */
export function policyOfContract(dataset: string, column: Pick<ColumnContract, 'name' | 'masking' | 'generator'>): MaskingPolicy {
  switch (column.masking) {
    case 'none':
      return { kind: 'keep' };
    case 'hash':
      return { kind: 'pseudonymise', purpose: `${dataset}.${column.name}`, shape: column.generator?.kind === 'email' ? 'email' : 'text' };
    case 'redact':
      return { kind: 'redact' };
    case 'partial':
      return { kind: 'partial', leading: 2, trailing: 2 };
    case 'generalize':
      return { kind: 'generalise' };
    default: {
      const never: never = column.masking;
      throw new Error(`unknown masking rule ${String(never)}`);
    }
  }
}
