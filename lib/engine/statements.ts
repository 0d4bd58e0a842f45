/** Splitting a SQL text into statements, shared by both engines so they run exactly the same pieces.
 * Measured: given several statements in one text, DuckDB-WASM's `query()` and node-api's `run()`
 * both return the FIRST statement's result, so each engine runs the pieces one by one and keeps the
 * last result. */
import { tokenize } from '@/lib/sql/tokens';

/** The statement's first keyword in upper case (`SELECT`, `WITH`, `ATTACH`…), `(` for a parenthesised
 * query, or null when the text holds only whitespace and comments. */
export function leadingKeyword(statement: string): string | null {
  const first = tokenize(statement).find((t) => t.kind !== 'comment');
  if (!first) return null;
  const word = first.kind === 'word' ? /^[A-Za-z_]+/u.exec(first.text)?.[0] : undefined;
  return word ? word.toUpperCase() : first.text[0]!;
}

function countNewlines(text: string): number {
  return text.split('\n').length - 1;
}

/** The statements of a SQL text, without their terminating semicolons; pieces holding only whitespace
 * or comments are dropped. Each statement is trimmed and then starts on its own line of the whole
 * text (blank lines before it), so the 'LINE n' of a DuckDB error points into the text the user wrote.
 * Semicolons are found by the one SQL lexer (lib/sql/tokens.ts), so one inside a string, a quoted
 * identifier, a dollar-quoted body or a comment never ends a statement. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  const keep = (start: number, end: number) => {
    const piece = sql.slice(start, end);
    if (leadingKeyword(piece) === null) return;
    const indent = piece.length - piece.trimStart().length;
    statements.push('\n'.repeat(countNewlines(sql.slice(0, start + indent))) + piece.trim());
  };
  let start = 0;
  for (const token of tokenize(sql)) {
    if (token.kind !== 'punct' || token.text !== ';') continue;
    keep(start, token.start);
    start = token.end;
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
