/** DuckDB-WASM's tokenizer output: token start offsets and kinds (its TokenType enum). */
export type ScriptTokens = { offsets: number[]; types: number[] };

const IDENTIFIER = 0;
const OPERATOR = 3;
const KEYWORD = 4;

type Token = { type: number; text: string };

/** A token's own text: the tokenizer counts trailing whitespace and comments into the token before. */
function tokenText(raw: string): string {
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('"')) {
    const end = trimmed.indexOf('"', 1);
    return trimmed.slice(0, end < 0 ? undefined : end + 1);
  }
  return trimmed.match(/^[^\s]+?(?=\s|--|\/\*|$)/u)?.[0] ?? trimmed.trim();
}

function identifier(token: Token | undefined): string | null {
  if (token === undefined) return null;
  // Non-reserved keywords (range, values…) may name tables too.
  if (token.type !== IDENTIFIER && token.type !== KEYWORD) return null;
  const { text } = token;
  return text.startsWith('"') ? text.slice(1, -1).replaceAll('""', '"') : text;
}

const isKeyword = (token: Token | undefined, ...words: string[]) =>
  token?.type === KEYWORD && words.includes(token.text.toUpperCase());
const isOperator = (token: Token | undefined, op: string) => token?.type === OPERATOR && token.text === op;

/**
 * The tables named after FROM and JOIN (and after the commas of a FROM list), minus CTE names and table
 * functions. The fallback for statements DuckDB-WASM's getTableNames cannot bind yet; it works on
 * DuckDB's own tokens, so strings, comments and quoted identifiers are never mistaken for names.
 */
export function tablesFromTokens(sql: string, script: ScriptTokens): string[] {
  const tokens: Token[] = script.offsets.map((offset, i) => ({
    type: script.types[i] ?? -1,
    text: tokenText(sql.slice(offset, script.offsets[i + 1] ?? sql.length)),
  }));
  const tables = new Set<string>();
  const ctes = new Set<string>();

  // `name AS (` or `name AS [NOT] MATERIALIZED (` defines a CTE.
  for (let i = 0; i + 2 < tokens.length; i++) {
    const name = tokens[i];
    if (name?.type !== IDENTIFIER || !isKeyword(tokens[i + 1], 'AS')) continue;
    let j = i + 2;
    while (isKeyword(tokens[j], 'NOT', 'MATERIALIZED')) j++;
    if (isOperator(tokens[j], '(')) ctes.add(identifier(name) ?? '');
  }

  // A qualified name `a.b.c`: returns its last part and the index after it.
  const readName = (at: number): [string | null, number] => {
    let name = identifier(tokens[at]);
    let next = at + 1;
    while (name !== null && isOperator(tokens[next], '.')) {
      name = identifier(tokens[next + 1]);
      next += 2;
    }
    return [name, next];
  };

  for (let i = 0; i < tokens.length; i++) {
    if (!isKeyword(tokens[i], 'FROM', 'JOIN')) continue;
    let at = i + 1;
    for (;;) {
      const [name, next] = readName(at);
      if (name === null) break;
      if (isOperator(tokens[next], '(')) break; // a table function such as range(10)
      tables.add(name);
      at = next;
      if (isKeyword(tokens[at], 'AS')) at++;
      if (tokens[at]?.type === IDENTIFIER) at++; // alias
      if (!isOperator(tokens[at], ',')) break;
      at++;
    }
  }
  return [...tables].filter((name) => !ctes.has(name)).sort();
}
