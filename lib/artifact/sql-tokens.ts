/** A small SQL lexer following DuckDB's (PostgreSQL-derived) scanner, for scanners that must never
 * mistake the inside of a string, a quoted identifier or a comment for code: '…' with '' escapes,
 * E'…' with backslash escapes, $tag$…$tag$ bodies, "…" identifiers, -- line and nestable block
 * comments. Whitespace and comments produce no tokens. */

export type SqlToken =
  /** An unquoted word (keyword or name); `text` keeps the original case. */
  | { kind: 'word'; text: string; line: number }
  /** A "quoted" identifier; `text` is its name with "" unescaped. */
  | { kind: 'quoted'; text: string; line: number }
  | { kind: 'string'; line: number }
  | { kind: 'number'; text: string; line: number }
  /** Any other character (or `::`), one token each: ( ) , ; . + … */
  | { kind: 'symbol'; text: string; line: number };

const WORD_START = /[\p{L}_]/u;
const WORD_CHAR = /[\p{L}\p{N}_$]/u;
const DIGIT = /[0-9]/;
const DOLLAR_TAG = /^\$([\p{L}_][\p{L}\p{N}_]*)?\$/u;

export function tokenize(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let line = 1;
  let i = 0;
  /** Moves past sql[i, end), counting its newlines. */
  const advance = (end: number) => {
    for (let j = i; j < end; j++) if (sql[j] === '\n') line += 1;
    i = end;
  };
  const quotedEnd = (quote: string, backslashEscapes: boolean): number => {
    let j = i + 1;
    while (j < sql.length) {
      if (backslashEscapes && sql[j] === '\\') j += 2;
      else if (sql[j] === quote && sql[j + 1] === quote) j += 2;
      else if (sql[j] === quote) return j + 1;
      else j += 1;
    }
    return sql.length;
  };

  while (i < sql.length) {
    const char = sql[i]!;
    const start = line;
    if (/\s/u.test(char)) {
      advance(i + 1);
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      advance(end < 0 ? sql.length : end);
    } else if (sql.startsWith('/*', i)) {
      let depth = 0;
      let j = i;
      while (j < sql.length) {
        if (sql.startsWith('/*', j)) {
          depth += 1;
          j += 2;
        } else if (sql.startsWith('*/', j)) {
          depth -= 1;
          j += 2;
          if (depth === 0) break;
        } else j += 1;
      }
      advance(Math.min(j, sql.length));
    } else if ((char === 'E' || char === 'e') && sql[i + 1] === "'") {
      i += 1;
      advance(quotedEnd("'", true));
      tokens.push({ kind: 'string', line: start });
    } else if (char === "'") {
      advance(quotedEnd("'", false));
      tokens.push({ kind: 'string', line: start });
    } else if (char === '"') {
      const end = quotedEnd('"', false);
      const text = sql.slice(i + 1, sql[end - 1] === '"' && end - 1 > i ? end - 1 : end).replaceAll('""', '"');
      advance(end);
      tokens.push({ kind: 'quoted', text, line: start });
    } else if (char === '$' && DOLLAR_TAG.test(sql.slice(i, i + 256))) {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 256))![0];
      const close = sql.indexOf(tag, i + tag.length);
      advance(close < 0 ? sql.length : close + tag.length);
      tokens.push({ kind: 'string', line: start });
    } else if (WORD_START.test(char)) {
      let j = i + 1;
      while (j < sql.length && WORD_CHAR.test(sql[j]!)) j += 1;
      tokens.push({ kind: 'word', text: sql.slice(i, j), line: start });
      advance(j);
    } else if (DIGIT.test(char) || (char === '.' && DIGIT.test(sql[i + 1] ?? ''))) {
      const text = /^(?:0[xX][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]+(?:[eE][+-]?[0-9]+)?)/u.exec(sql.slice(i))?.[0] ?? char;
      tokens.push({ kind: 'number', text, line: start });
      advance(i + text.length);
    } else {
      const text = sql.startsWith('::', i) ? '::' : char;
      tokens.push({ kind: 'symbol', text, line: start });
      advance(i + text.length);
    }
  }
  return tokens;
}
