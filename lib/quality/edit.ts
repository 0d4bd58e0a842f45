import { Check, type CheckKind } from './schema';

/** A source or model a check can be on or point at, with the columns its last run produced. */
export type CheckRelation = {
  name: string;
  kind: 'source' | 'model';
  columns: { name: string; type: string }[];
};

export const CHECK_KINDS: readonly { kind: CheckKind; label: string }[] = [
  { kind: 'not_null', label: 'Not null' },
  { kind: 'unique', label: 'Unique' },
  { kind: 'accepted_values', label: 'Accepted values' },
  { kind: 'relationships', label: 'Relationship' },
  { kind: 'row_count', label: 'Row count' },
  { kind: 'expression', label: 'Expression' },
];

export function checkKindLabel(kind: CheckKind): string {
  return CHECK_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

/** Columns a check may name: the check schema takes plain identifiers only, so a column such as
 * "Order Total" cannot be picked (alias it in the model). Asked of the schema itself so the two agree. */
export function checkableColumns(relation: CheckRelation | undefined): string[] {
  return (relation?.columns ?? [])
    .map((c) => c.name)
    .filter((name) => Check.safeParse({ id: 'x', kind: 'not_null', column: name }).success);
}

// A placeholder column for a model whose columns are not known yet (it has not run).
const UNKNOWN_COLUMN = 'id';

/** A new check of `kind` on `model` whose fields start from the model's first columns, so it is valid
 * the moment it is added and the analyst only adjusts it. */
export function newCheck(kind: CheckKind, id: string, model: string, relations: readonly CheckRelation[]): Check {
  const own = relations.find((r) => r.name === model);
  const column = checkableColumns(own)[0] ?? UNKNOWN_COLUMN;
  switch (kind) {
    case 'not_null':
      return { id, kind, column };
    case 'unique':
      return { id, kind, columns: [column] };
    case 'accepted_values':
      return { id, kind, column, values: [''] };
    case 'relationships': {
      const target = relations.find((r) => r.name !== model) ?? own;
      const to = target?.name ?? model;
      return { id, kind, column, to, toColumn: matchingColumn(target, column) };
    }
    case 'row_count':
      return { id, kind, min: 1, max: null };
    case 'expression':
      return { id, kind, predicate: 'true' };
    default: {
      const never: never = kind;
      throw new Error(`unknown check kind ${String(never)}`);
    }
  }
}

/** The target column a relationship should default to: one named like `column`, else the first. */
export function matchingColumn(target: CheckRelation | undefined, column: string): string {
  const columns = checkableColumns(target);
  return columns.includes(column) ? column : (columns[0] ?? column);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** "placed, shipped" → ['placed', 'shipped']: comma-separated, trimmed, blanks dropped. A value that
 * itself holds a comma cannot be typed this way. */
export function parseValues(text: string): Parsed<string[]> {
  const values = text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length === 0) return { ok: false, problem: 'List at least one value, separated by commas' };
  const parsed = Check.safeParse({ id: 'x', kind: 'accepted_values', column: 'x', values });
  return parsed.success ? { ok: true, value: values } : { ok: false, problem: parsed.error.issues[0]?.message ?? 'invalid values' };
}

export function formatValues(values: string[]): string {
  return values.join(', ');
}

/** The two number inputs of a row_count check; an empty input is an open bound. */
export function parseBounds(min: string, max: string): Parsed<{ min: number | null; max: number | null }> {
  const bound = (text: string): number | null | undefined => {
    if (text.trim() === '') return null;
    const n = Number(text);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const lo = bound(min);
  const hi = bound(max);
  if (lo === undefined || hi === undefined) return { ok: false, problem: 'Row counts are whole numbers, 0 or more' };
  const parsed = Check.safeParse({ id: 'x', kind: 'row_count', min: lo, max: hi });
  return parsed.success ? { ok: true, value: { min: lo, max: hi } } : { ok: false, problem: parsed.error.issues[0]?.message ?? 'invalid bounds' };
}

export function parsePredicate(text: string): Parsed<string> {
  if (text.trim() === '') return { ok: false, problem: 'Write a SQL condition every row must satisfy' };
  const parsed = Check.safeParse({ id: 'x', kind: 'expression', predicate: text });
  return parsed.success ? { ok: true, value: text } : { ok: false, problem: parsed.error.issues[0]?.message ?? 'invalid predicate' };
}
