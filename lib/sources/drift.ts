import type { ColumnContract } from '@/lib/contracts/schema';
import type { SourceColumn } from './types';

/** One way a load differs from its contract. */
export type DriftChange =
  | { kind: 'added'; column: string; type: string }
  | { kind: 'dropped'; column: string }
  | { kind: 'retyped'; column: string; contractType: string; sourceType: string }
  | { kind: 'not_null_violated'; column: string; rows: number }
  | { kind: 'primary_key_violated'; columns: string[]; duplicateKeys: number; nullKeys: number };

export type DriftPolicy = 'block' | 'additive';

const ALIASES: Record<string, string> = {
  INT: 'INTEGER',
  INT4: 'INTEGER',
  INT8: 'BIGINT',
  INT2: 'SMALLINT',
  LONG: 'BIGINT',
  BOOL: 'BOOLEAN',
  TEXT: 'VARCHAR',
  STRING: 'VARCHAR',
  FLOAT8: 'DOUBLE',
  FLOAT4: 'FLOAT',
  REAL: 'FLOAT',
  NUMERIC: 'DECIMAL(18,3)',
  DECIMAL: 'DECIMAL(18,3)',
  TIMESTAMPTZ: 'TIMESTAMP WITH TIME ZONE',
  DATETIME: 'TIMESTAMP',
};

/** DuckDB type names as DESCRIBE prints them, so `int` and `INTEGER` compare equal. */
export function normalType(type: string): string {
  const upper = type.trim().toUpperCase().replace(/\s+/g, ' ').replace(/\s*,\s*/g, ',').replace(/\s*\(\s*/g, '(').replace(/\s*\)/g, ')');
  return ALIASES[upper] ?? upper;
}

/** Columns the source has and the contract lacks, the reverse, and columns whose type changed. */
export function schemaDrift(contract: readonly ColumnContract[], seen: readonly SourceColumn[]): DriftChange[] {
  const bySource = new Map(seen.map((c) => [c.name, c]));
  const inContract = new Set(contract.map((c) => c.name));
  const changes: DriftChange[] = [];
  for (const column of contract) {
    const source = bySource.get(column.name);
    if (!source) changes.push({ kind: 'dropped', column: column.name });
    else if (normalType(source.duckdbType) !== normalType(column.type)) {
      changes.push({ kind: 'retyped', column: column.name, contractType: column.type, sourceType: source.duckdbType });
    }
  }
  for (const column of seen) if (!inContract.has(column.name)) changes.push({ kind: 'added', column: column.name, type: column.duckdbType });
  return changes;
}

/** What a policy makes of a load's changes: `additive` lets new columns through (the contract draft
 * waits for the steward), everything else — and anything at all under `block` — quarantines it. */
export function driftVerdict(policy: DriftPolicy, changes: readonly DriftChange[]): 'publish' | 'blocked' {
  if (changes.length === 0) return 'publish';
  if (policy === 'additive' && changes.every((c) => c.kind === 'added')) return 'publish';
  return 'blocked';
}

export function describeChange(change: DriftChange): string {
  switch (change.kind) {
    case 'added':
      return `column ${change.column} (${change.type}) was added in the source`;
    case 'dropped':
      return `column ${change.column} is gone from the source`;
    case 'retyped':
      return `column ${change.column} is ${change.sourceType} in the source, ${change.contractType} in the contract`;
    case 'not_null_violated':
      return `column ${change.column} is NOT NULL in the contract but ${change.rows} rows are NULL`;
    case 'primary_key_violated':
      return `primary key (${change.columns.join(', ')}): ${change.duplicateKeys} duplicate keys, ${change.nullKeys} rows with a NULL key`;
    default: {
      const never: never = change;
      return String(never);
    }
  }
}
