import type { Column } from '@/lib/artifact/schema';
import type { ModelDocs } from './types';

export type SchemaChange =
  | { model: string; kind: 'model_added' | 'model_dropped'; breaking: boolean }
  | { model: string; kind: 'column_added' | 'column_dropped'; column: string; type: string; breaking: boolean }
  | { model: string; kind: 'type_widened' | 'type_changed'; column: string; from: string; to: string; breaking: boolean }
  | { model: string; kind: 'nullability_tightened' | 'nullability_loosened'; column: string; breaking: boolean };

export type ModelSchema = { name: string; schema: Column[]; docs: ModelDocs | undefined };

const SIGNED = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT'];
const UNSIGNED = ['UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT'];
/** Decimal digits an integer type needs (for widening into DECIMAL(p, s)). */
const DIGITS: Record<string, number> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10, BIGINT: 19, HUGEINT: 39, UTINYINT: 3, USMALLINT: 5, UINTEGER: 10, UBIGINT: 20, UHUGEINT: 39 };
/** Exactly representable in a DOUBLE (53-bit mantissa). */
const FITS_DOUBLE = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'FLOAT']);

const decimal = (type: string) => {
  const m = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  return m ? { p: Number(m[1]), s: Number(m[2]) } : null;
};

/** Whether every value of type `from` converts to `to` without loss: a consumer reading the new type
 * still gets every old value. Anything else is a type change (breaking). */
export function isWidening(from: string, to: string): boolean {
  if (from === to) return true;
  const signedFrom = SIGNED.indexOf(from);
  const signedTo = SIGNED.indexOf(to);
  if (signedFrom >= 0 && signedTo >= 0) return signedTo > signedFrom;
  const unsignedFrom = UNSIGNED.indexOf(from);
  if (unsignedFrom >= 0 && UNSIGNED.indexOf(to) >= 0) return UNSIGNED.indexOf(to) > unsignedFrom;
  if (unsignedFrom >= 0 && signedTo >= 0) return signedTo > unsignedFrom;
  if (to === 'DOUBLE') return FITS_DOUBLE.has(from);
  const a = decimal(from);
  const b = decimal(to);
  if (a && b) return b.s >= a.s && b.p - b.s >= a.p - a.s;
  if (b && DIGITS[from] !== undefined) return b.p - b.s >= DIGITS[from]!;
  if (from === 'DATE') return to === 'TIMESTAMP' || to === 'TIMESTAMP_NS';
  if (from === 'TIMESTAMP_S' || from === 'TIMESTAMP_MS') return to === 'TIMESTAMP' || to === 'TIMESTAMP_NS';
  return false;
}

/** Declared nullability; a column nobody documented is taken as nullable. */
const nullable = (docs: ModelDocs | undefined, column: string) => docs?.columns[column]?.nullable ?? true;

/**
 * Classifies every difference between the production outputs and the candidate's. Breaking: a dropped
 * model or column (a rename is a drop plus an add), a type that is not a lossless widening, a column
 * that may no longer be NULL. Non-breaking: added models and columns, widened types, loosened nullability.
 */
export function classifySchemaChanges(production: readonly ModelSchema[], candidate: readonly ModelSchema[]): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const before = new Map(production.map((m) => [m.name, m]));
  const after = new Map(candidate.map((m) => [m.name, m]));
  for (const old of production) if (!after.has(old.name)) changes.push({ model: old.name, kind: 'model_dropped', breaking: true });
  for (const model of candidate) {
    const old = before.get(model.name);
    if (!old) {
      changes.push({ model: model.name, kind: 'model_added', breaking: false });
      continue;
    }
    const oldColumns = new Map(old.schema.map((c) => [c.name, c.type]));
    const newColumns = new Map(model.schema.map((c) => [c.name, c.type]));
    for (const { name, type } of old.schema) {
      if (!newColumns.has(name)) changes.push({ model: model.name, kind: 'column_dropped', column: name, type, breaking: true });
    }
    for (const { name, type } of model.schema) {
      const from = oldColumns.get(name);
      if (from === undefined) {
        changes.push({ model: model.name, kind: 'column_added', column: name, type, breaking: false });
        continue;
      }
      if (from !== type) {
        const widened = isWidening(from, type);
        changes.push({ model: model.name, kind: widened ? 'type_widened' : 'type_changed', column: name, from, to: type, breaking: !widened });
      }
      const was = nullable(old.docs, name);
      const is = nullable(model.docs, name);
      if (was && !is) changes.push({ model: model.name, kind: 'nullability_tightened', column: name, breaking: true });
      if (!was && is) changes.push({ model: model.name, kind: 'nullability_loosened', column: name, breaking: false });
    }
  }
  return changes;
}
