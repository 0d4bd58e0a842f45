import { duckdb, formatDialect } from 'sql-formatter';

export type FormatResult = { ok: true; text: string } | { ok: false; message: string };

/** Formats SQL with sql-formatter's DuckDB dialect. Keywords keep the case the user wrote them in;
 * `$1`, `?` and `$name` parameters pass through. A text the formatter cannot parse is an answer
 * (`ok: false`), never an exception: the cell's own text stays as it was. */
export function formatSql(sql: string): FormatResult {
  if (sql.trim() === '') return { ok: true, text: sql };
  try {
    // formatDialect with the one dialect object, not format({ language }), so the bundle carries
    // DuckDB's dialect only rather than all twenty.
    const formatted = formatDialect(sql, {
      dialect: duckdb,
      keywordCase: 'preserve',
      tabWidth: 2,
      linesBetweenQueries: 1,
      paramTypes: { positional: true, numbered: ['$'], named: ['$'] },
    });
    return { ok: true, text: sql.endsWith('\n') ? `${formatted}\n` : formatted };
  } catch (error) {
    // The parser's message runs to dozens of lines of grammar; its first line says where and what.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: message.split('\n')[0] || 'the SQL could not be formatted' };
  }
}

export type TextEdit = { start: number; end: number; text: string };

/** The smallest single replacement turning `before` into `after`, as offsets into `before`. Applying
 * only the changed middle keeps the cursor and markers that sit outside it where they were. */
export function minimalEdit(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < shorter - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}
