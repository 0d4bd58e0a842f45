/** Splitting a SQL text into statements, shared by both engines so they run exactly the same pieces.
 * Measured: given several statements in one text, DuckDB-WASM's `query()` and node-api's `run()`
 * both return the FIRST statement's result, so each engine runs the pieces one by one and keeps the
 * last result. The lexer follows DuckDB's (PostgreSQL-derived) scanner: a semicolon inside a string
 * ('…' with '' escapes, E'…' with backslash escapes), a quoted identifier ("…"), a dollar-quoted body
 * ($tag$…$tag$) or a comment (-- …, nestable /* … *\/) does not end a statement. */

const IDENTIFIER_CHAR = /[\p{L}\p{N}_$]/u;
const DOLLAR_TAG = /^\$([\p{L}_][\p{L}\p{N}_]*)?\$/u;

function isIdentifierChar(char: string | undefined): boolean {
  return char !== undefined && IDENTIFIER_CHAR.test(char);
}

/** Index just past a quoted run that starts at `start` (the opening quote). */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const char = sql[i];
    if (backslashEscapes && char === '\\') i += 2;
    else if (char === quote && sql[i + 1] === quote) i += 2;
    else if (char === quote) return i + 1;
    else i += 1;
  }
  return sql.length;
}

function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else i += 1;
  }
  return sql.length;
}

function skipLineComment(sql: string, start: number): number {
  const end = sql.indexOf('\n', start);
  return end < 0 ? sql.length : end + 1;
}

/** Index just past the literal, comment or identifier-like run at `i`, or `i` when none starts there. */
function skipOpaque(sql: string, i: number): number {
  const char = sql[i];
  const previous = sql[i - 1];
  if (char === "'") {
    const escaped = (previous === 'E' || previous === 'e') && !isIdentifierChar(sql[i - 2]);
    return skipQuoted(sql, i, "'", escaped);
  }
  if (char === '"') return skipQuoted(sql, i, '"', false);
  if (sql.startsWith('--', i)) return skipLineComment(sql, i);
  if (sql.startsWith('/*', i)) return skipBlockComment(sql, i);
  if (char === '$' && !isIdentifierChar(previous)) {
    const tag = DOLLAR_TAG.exec(sql.slice(i, i + 256))?.[0];
    if (tag) {
      const end = sql.indexOf(tag, i + tag.length);
      return end < 0 ? sql.length : end + tag.length;
    }
  }
  return i;
}

/** The statement's first keyword in upper case (`SELECT`, `WITH`, `ATTACH`…), `(` for a parenthesised
 * query, or null when the text holds only whitespace and comments. */
export function leadingKeyword(statement: string): string | null {
  let i = 0;
  while (i < statement.length) {
    const char = statement[i] ?? '';
    if (/\s/u.test(char)) {
      i += 1;
    } else if (statement.startsWith('--', i)) {
      i = skipLineComment(statement, i);
    } else if (statement.startsWith('/*', i)) {
      i = skipBlockComment(statement, i);
    } else {
      const word = /^[A-Za-z_]+/u.exec(statement.slice(i))?.[0];
      return word ? word.toUpperCase() : char;
    }
  }
  return null;
}

function countNewlines(text: string): number {
  return text.split('\n').length - 1;
}

/** The statements of a SQL text, without their terminating semicolons; pieces holding only whitespace
 * or comments are dropped. Each statement is trimmed and then starts on its own line of the whole
 * text (blank lines before it), so the 'LINE n' of a DuckDB error points into the text the user wrote. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  const keep = (start: number, end: number) => {
    const piece = sql.slice(start, end);
    if (leadingKeyword(piece) === null) return;
    const indent = piece.length - piece.trimStart().length;
    statements.push('\n'.repeat(countNewlines(sql.slice(0, start + indent))) + piece.trim());
  };
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const next = skipOpaque(sql, i);
    if (next !== i) {
      i = next;
    } else if (sql[i] === ';') {
      keep(start, i);
      start = i + 1;
      i += 1;
    } else {
      i += 1;
    }
  }
  keep(start, sql.length);
  return statements;
}

// Statements DESCRIBE accepts; for any other (SET, CREATE, PRAGMA, SHOW…) the engine maps its own
// result types instead.
const QUERY_KEYWORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'PIVOT', 'UNPIVOT', '(']);

/** `DESCRIBE <statement>` for a query, whose result gives DuckDB's own name for every column type
 * (Arrow and node-api only approximate them); null for a statement DESCRIBE cannot take. */
export function describeStatement(statement: string): string | null {
  const keyword = leadingKeyword(statement);
  return keyword !== null && QUERY_KEYWORDS.has(keyword) ? `DESCRIBE ${statement}` : null;
}
