/** One SQL lexer for the code that must read SQL without running it: the editor (where is the cursor —
 * in a string, after a dot, after FROM — on text that is usually half-typed) and the artifact's scan
 * for time- and randomness-dependent calls. It follows DuckDB's (PostgreSQL-derived) scanner: '…' with
 * '' escapes, E'…' with backslash escapes, $tag$…$tag$ bodies, "…" identifiers, -- line and nestable
 * block comments. It never throws; an unclosed string, quoted identifier or comment runs to the end
 * of the text. DuckDB's own parser stays the authority for anything that runs. */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'comment' | 'punct';

export type Token = {
  kind: TokenKind;
  /** The token as written. */
  text: string;
  /** Words and quoted identifiers as DuckDB reads them (quotes removed, `""` unescaped). */
  value: string;
  start: number;
  end: number;
  /** 1-based line of the token's first character. */
  line: number;
  /** False for a string, quoted identifier or block comment still waiting for its closing mark. */
  closed: boolean;
};

const WORD_START = /[A-Za-z_\u00C0-\uFFFF]/;
const WORD = /[A-Za-z0-9_$\u00C0-\uFFFF]*/y;
const NUMBER = /0x[0-9a-f]+|(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?/iy;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*)?\$/y;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let counted = 0;
  const push = (kind: TokenKind, start: number, end: number, closed = true, value?: string) => {
    for (; counted < start; counted++) if (sql[counted] === '\n') line += 1;
    const text = sql.slice(start, end);
    tokens.push({ kind, text, value: value ?? text, start, end, line, closed });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      const newline = sql.indexOf('\n', i);
      push('comment', i, newline < 0 ? sql.length : newline);
    } else if (c === '/' && next === '*') {
      const end = blockCommentEnd(sql, i);
      push('comment', i, Math.min(end, sql.length), end <= sql.length);
    } else if ((c === 'E' || c === 'e') && next === "'") {
      const end = closingQuote(sql, i + 1, "'", true);
      push('string', i, Math.min(end, sql.length), end <= sql.length);
    } else if (c === "'" || c === '"') {
      const end = closingQuote(sql, i, c, false);
      const closed = end <= sql.length;
      const stop = Math.min(end, sql.length);
      const inner = sql.slice(i + 1, closed ? stop - 1 : stop).replaceAll(c + c, c);
      push(c === '"' ? 'quoted' : 'string', i, stop, closed, inner);
    } else if (c === '$' && (DOLLAR_TAG.lastIndex = i, DOLLAR_TAG.test(sql))) {
      const tag = sql.slice(i, DOLLAR_TAG.lastIndex);
      const close = sql.indexOf(tag, i + tag.length);
      push('string', i, close < 0 ? sql.length : close + tag.length, close >= 0);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(sql);
      push('number', i, i + (match?.[0].length || 1));
    } else if (WORD_START.test(c)) {
      WORD.lastIndex = i + 1;
      const match = WORD.exec(sql);
      push('word', i, i + 1 + (match?.[0].length ?? 0));
    } else {
      push('punct', i, i + 1);
    }
  }
  return tokens;
}

/** The tokens that are code: comments say nothing about what runs. */
export function codeTokens(sql: string): Token[] {
  return tokenize(sql).filter((token) => token.kind !== 'comment');
}

/** Index just past the end of a (nestable) block comment, or sql.length + 1 when it never closes. */
function blockCommentEnd(sql: string, open: number): number {
  let depth = 0;
  let i = open;
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
  return sql.length + 1;
}

/** Index just past the closing quote, or sql.length + 1 when the quote is never closed. */
function closingQuote(sql: string, open: number, quote: string, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < sql.length) {
    if (backslashEscapes && sql[i] === '\\') i += 2;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length + 1;
}

/** The tokens of the statement holding `offset`: statements end at a `;`, and a cursor right after
 * one belongs to the next statement. */
export function statementAt(tokens: Token[], offset: number): Token[] {
  let first = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token || token.kind !== 'punct' || token.text !== ';') continue;
    if (token.end <= offset) first = i + 1;
    else return tokens.slice(first, i);
  }
  return tokens.slice(first);
}

/** True when typing at `offset` would extend a string, quoted identifier, comment or number, where
 * schema suggestions would only get in the way. */
export function insideLiteral(tokens: Token[], offset: number): boolean {
  return tokens.some((t) => {
    if (t.kind === 'word' || t.kind === 'punct') return false;
    if (offset <= t.start) return false;
    if (offset < t.end) return true;
    // At the very end: still inside when nothing closed it (line comments close at the newline).
    return offset === t.end && (!t.closed || (t.kind === 'comment' && t.text.startsWith('--')) || t.kind === 'number');
  });
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && words.includes(token.value.toLowerCase());
}

export function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}
