import type { Engine, Value } from '@/lib/engine/types';
import { splitStatements } from '@/lib/engine/statements';
import { quoteIdent } from '@/lib/notebook/execute';
import type { CheckCell } from '@/lib/notebook/schema';
import { Check, type CheckKind } from './schema';

/** At most this many failing rows are read back and shown. */
export const SAMPLE_LIMIT = 20;

export type CompiledCheck = {
  /** One row, one column `failing`: how many rows fail (for unique: the rows whose key is shared by
   * another row; for row_count: 1 when the count is out of bounds, else 0). */
  countSql: string;
  /** Up to SAMPLE_LIMIT failing rows, every value rendered by DuckDB as VARCHAR (NULL stays NULL). */
  sampleSql: string;
};

/** `incomplete`: the check is still being written (e.g. accepted values with none listed); it does not run. */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'incomplete';

export type CheckSample = { columns: string[]; rows: (string | null)[][] };

export type CheckResult = {
  checkId: string;
  kind: CheckKind;
  /** What the check asserts, for a person: "order_id is not null". */
  label: string;
  status: CheckStatus;
  /** Failing rows (unique: rows whose key another row shares; row_count: 1 when out of bounds); 0 on error. */
  failing: number;
  /** Empty unless the check failed. */
  sample: CheckSample;
  /** DuckDB's error (or why the check is invalid) when status is 'error'; otherwise null. */
  message: string | null;
  /** The query that lists the failing rows, to copy into a SQL cell. */
  sql: string;
};

export type CheckSummary = { passed: number; failed: number; errored: number; incomplete: number; total: number };

const EMPTY_SAMPLE: CheckSample = { columns: [], rows: [] };

function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Failing rows of `relation` under `where`: sorted on their own values (not on their VARCHAR text, so
 * 9 comes before 10) so both engines show the same rows, then rendered as text. */
function failingRows(from: string, where: string, star = '*'): CompiledCheck {
  return {
    countSql: `SELECT count(*) AS failing\nFROM ${from}\nWHERE ${where}`,
    sampleSql:
      `SELECT COLUMNS(*)::VARCHAR FROM (\n` +
      `  SELECT ${star} FROM ${from}\n  WHERE ${where}\n  ORDER BY ALL NULLS LAST\n  LIMIT ${SAMPLE_LIMIT}\n)`,
  };
}

/** The SQL that counts and samples the rows of `model` that break `check`. Identifiers are quoted; the
 * expression predicate is pasted in as written, so runCheck refuses one that would make a second
 * statement. */
export function compileCheck(check: Check, model: string): CompiledCheck {
  const table = quoteIdent(model);
  switch (check.kind) {
    case 'not_null':
      return failingRows(table, `${quoteIdent(check.column)} IS NULL`);
    case 'accepted_values': {
      // Compared as text, so the values typed in a form match numbers, dates and enums alike; NULL is
      // left to not_null, as in dbt.
      const column = quoteIdent(check.column);
      const values = check.values.map(stringLiteral).join(', ');
      return failingRows(table, `${column} IS NOT NULL AND ${column}::VARCHAR NOT IN (${values})`);
    }
    case 'relationships': {
      // NOT EXISTS rather than NOT IN: a NULL in the target column would make NOT IN fail every row.
      const child = `${table} AS "child"`;
      const column = `"child".${quoteIdent(check.column)}`;
      const target = `${quoteIdent(check.to)} AS "parent"`;
      const where =
        `${column} IS NOT NULL\n  AND NOT EXISTS (SELECT 1 FROM ${target} WHERE "parent".${quoteIdent(check.toColumn)} = ${column})`;
      return failingRows(child, where, '"child".*');
    }
    case 'unique': {
      // A key with a NULL part is not a duplicate (SQL UNIQUE and dbt agree); not_null covers NULLs.
      const key = check.columns.map(quoteIdent).join(', ');
      const notNull = check.columns.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
      const groups = `FROM ${table}\n  WHERE ${notNull}\n  GROUP BY ${key}\n  HAVING count(*) > 1`;
      // The count column goes unnamed in the sum, so a key column called "rows" cannot shadow it.
      return {
        countSql: `SELECT coalesce(sum(n), 0)::BIGINT AS failing FROM (\n  SELECT count(*) AS n\n  ${groups}\n)`,
        sampleSql:
          `SELECT COLUMNS(*)::VARCHAR FROM (\n  SELECT ${key}, count(*) AS "rows"\n  ${groups}\n` +
          `  ORDER BY count(*) DESC, ${key}\n  LIMIT ${SAMPLE_LIMIT}\n)`,
      };
    }
    case 'row_count': {
      const bounds = [
        check.min === null ? null : `count(*) < ${check.min}`,
        check.max === null ? null : `count(*) > ${check.max}`,
      ].filter((b) => b !== null);
      const outside = bounds.length === 0 ? 'false' : bounds.join(' OR ');
      return {
        countSql: `SELECT (${outside})::INTEGER AS failing\nFROM ${table}`,
        sampleSql: `SELECT count(*)::VARCHAR AS "rows"\nFROM ${table}`,
      };
    }
    case 'expression':
      // IS NOT TRUE: a row whose predicate is NULL fails too. The predicate sits on its own lines so
      // a trailing -- comment cannot swallow the closing parenthesis.
      return failingRows(table, `(\n${check.predicate}\n) IS NOT TRUE`);
    default: {
      const never: never = check;
      throw new Error(`unknown check kind ${(never as { kind: string }).kind}`);
    }
  }
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** What the check asserts, in a few words: "order_id is not null", "row count between 1 and 100". */
export function describeCheck(check: Check): string {
  switch (check.kind) {
    case 'not_null':
      return `${check.column} is not null`;
    case 'unique':
      return check.columns.length === 1 ? `${check.columns[0]} is unique` : `(${check.columns.join(', ')}) is unique`;
    case 'accepted_values': {
      const shown = check.values.slice(0, 5).map((v) => `'${v}'`);
      const more = check.values.length > 5 ? `, … (${check.values.length} values)` : '';
      return truncate(`${check.column} is one of ${shown.join(', ')}${more}`, 120);
    }
    case 'relationships':
      return `${check.column} references ${check.to}.${check.toColumn}`;
    case 'row_count':
      if (check.min !== null && check.max !== null) return `row count between ${check.min} and ${check.max}`;
      if (check.min !== null) return `row count at least ${check.min}`;
      return `row count at most ${check.max ?? 0}`;
    case 'expression':
      return `every row satisfies ${truncate(check.predicate, 80)}`;
    default: {
      const never: never = check;
      return (never as { kind: string }).kind;
    }
  }
}

function asText(value: Value): string | null {
  return value === null ? null : String(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why a compiled query is not safe to send, or null. The engine splits a text into statements and
 * runs each, so a predicate such as `1=1) IS NOT TRUE; DROP TABLE x; SELECT (1` would otherwise run the
 * DROP. The same splitter the engines use decides, so what is checked here is what would run. */
function notOneStatement(sql: string): string | null {
  return splitStatements(sql).length === 1
    ? null
    : 'Parser Error: a check must be one SQL expression: remove the ";" (only a string literal may hold one)';
}

type Failure = { message: string };

async function failingCount(engine: Engine, compiled: CompiledCheck): Promise<number | Failure> {
  try {
    const counted = await engine.query(compiled.countSql, { exactTypes: false });
    return Number(counted.rows[0]?.[0] ?? 0);
  } catch (error) {
    return { message: errorMessage(error) };
  }
}

/** What a half-written check still lacks, or null when it says something: a blank value or predicate
 * is a field not filled in yet, not an assertion that every row should fail. */
export function missingPart(check: Check): string | null {
  switch (check.kind) {
    case 'accepted_values':
      return check.values.every((v) => v.trim() === '') ? 'List at least one accepted value' : null;
    case 'expression':
      return check.predicate.trim() === '' ? 'Write the condition every row must satisfy' : null;
    case 'not_null':
    case 'unique':
    case 'relationships':
    case 'row_count':
      return null;
    default: {
      const never: never = check;
      throw new Error(`unknown check ${JSON.stringify(never)}`);
    }
  }
}

/** Runs one check on `model`. Never throws: an invalid check or a DuckDB error becomes status 'error'. */
export async function runCheck(engine: Engine, check: Check, model: string): Promise<CheckResult> {
  const parsed = Check.safeParse(check);
  const label = describeCheck(check);
  const base = { checkId: check.id, kind: check.kind, label };
  const error = (message: string, sql: string): CheckResult => ({
    ...base,
    status: 'error',
    failing: 0,
    sample: EMPTY_SAMPLE,
    message,
    sql,
  });
  if (!parsed.success) return error(parsed.error.issues.map((i) => i.message).join('; '), '');
  const missing = missingPart(parsed.data);
  if (missing !== null) return { ...base, status: 'incomplete', failing: 0, sample: EMPTY_SAMPLE, message: missing, sql: '' };

  const compiled = compileCheck(parsed.data, model);
  const unsafe = notOneStatement(compiled.countSql) ?? notOneStatement(compiled.sampleSql);
  if (unsafe) return error(unsafe, compiled.sampleSql);

  const failing = await failingCount(engine, compiled);
  if (typeof failing !== 'number') return error(failing.message, compiled.sampleSql);
  if (failing === 0) {
    return { ...base, status: 'pass', failing: 0, sample: EMPTY_SAMPLE, message: null, sql: compiled.sampleSql };
  }
  try {
    const sampled = await engine.query(compiled.sampleSql, { exactTypes: false });
    const sample = { columns: sampled.columns.map((c) => c.name), rows: sampled.rows.map((row) => row.map(asText)) };
    return { ...base, status: 'fail', failing, sample, message: null, sql: compiled.sampleSql };
  } catch (caught) {
    return error(errorMessage(caught), compiled.sampleSql);
  }
}

/** Runs a check cell's checks one after another, in the cell's order. */
export async function runChecks(engine: Engine, cell: CheckCell): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of cell.checks) results.push(await runCheck(engine, check, cell.model));
  return results;
}

export function summarizeChecks(results: readonly CheckResult[]): CheckSummary {
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  return { passed: count('pass'), failed: count('fail'), errored: count('error'), incomplete: count('incomplete'), total: results.length };
}
