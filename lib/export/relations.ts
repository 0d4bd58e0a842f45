import { codeTokens, isPunct, isWord, type Token } from '@/lib/sql/tokens';

/** Keywords that end a FROM clause's comma-separated list of relations. */
const FROM_ENDS = ['where', 'group', 'having', 'order', 'limit', 'qualify', 'window', 'union', 'except', 'intersect', 'select', 'on', 'using', 'offset', 'sample'];

/**
 * Rewrites the relation names of a cell's SQL: every table reference (after FROM or JOIN, or in a
 * FROM list after a comma) whose name `rename` maps is replaced by its text; CTE names, columns,
 * table functions and qualified names are left alone. Token-based, so strings and comments are
 * never touched. Used by the dbt export to turn `orders_clean` into `{{ ref('orders_clean') }}`.
 */
export function rewriteRelations(sql: string, rename: (name: string) => string | null): string {
  const tokens = codeTokens(sql);
  const ctes = new Set<string>();
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    const after = isWord(tokens[i + 2], 'materialized') ? tokens[i + 3] : tokens[i + 2];
    if ((t.kind === 'word' || t.kind === 'quoted') && isWord(next, 'as') && isPunct(after, '(')) ctes.add(t.value.toLowerCase());
  });
  const edits: { token: Token; text: string }[] = [];
  // One FROM-list flag per parenthesis depth: a subquery has its own FROM clause.
  const inFrom: boolean[] = [false];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) inFrom.push(false);
    else if (isPunct(t, ')')) {
      if (inFrom.length > 1) inFrom.pop();
    }
    else if (isWord(t, 'from', 'join')) inFrom[inFrom.length - 1] = true;
    else if (t.kind === 'word' && FROM_ENDS.includes(t.value.toLowerCase())) inFrom[inFrom.length - 1] = false;
    if (t.kind !== 'word' && t.kind !== 'quoted') continue;
    const prev = tokens[i - 1];
    const relationPosition = isWord(prev, 'from', 'join') || (isPunct(prev, ',') && inFrom[inFrom.length - 1]);
    if (!relationPosition) continue;
    const next = tokens[i + 1];
    if (isPunct(next, '(') || isPunct(next, '.')) continue;
    const name = t.value.toLowerCase();
    if (ctes.has(name)) continue;
    const text = rename(name);
    if (text !== null) edits.push({ token: t, text });
  }
  let out = sql;
  for (const { token, text } of edits.reverse()) out = out.slice(0, token.start) + text + out.slice(token.end);
  return out;
}
