/** Schema-aware completion for a SQL cell, free of Monaco: given the text, the cursor offset, the
 * live sandbox schema and DuckDB's own word lists, decide what to offer and in which order. Monaco's
 * fuzzy filter then narrows the list as the user types; `sortText` breaks its ties, so the groups
 * below are the ranking. */

import { RESERVED_KEYWORDS, sqlIdentifier } from './identifiers';
import { insideLiteral, isPunct, isWord, statementAt, tokenize, type Token } from '@/lib/sql/tokens';

export type SchemaColumn = { name: string; type: string };
export type SchemaRelation = { name: string; kind: 'source' | 'model'; columns: SchemaColumn[] };
export type SqlWords = { keywords: string[]; functions: string[]; types: string[] };

export type CompletionKind = 'relation' | 'column' | 'keyword' | 'function' | 'type';
export type CompletionItem = { label: string; kind: CompletionKind; detail: string; insertText: string; sortText: string };
/** `from` is the offset where the replaced text starts (the word being typed); it ends at the cursor. */
export type Completions = { from: number; items: CompletionItem[] };

export type CompletionInput = { text: string; offset: number; relations: readonly SchemaRelation[]; words: SqlWords };

/** Rank groups, best first. Columns of the relations the statement reads come before anything else,
 * because that is what a SELECT list or a WHERE clause is made of. */
const GROUP = {
  scopeColumn: 'a',
  relationInScope: 'b',
  relation: 'c',
  keyword: 'd',
  function: 'e',
  type: 'f',
  otherColumn: 'g',
} as const;

/** Words after which a table name comes. */
const RELATION_SLOT = ['from', 'join', 'describe', 'summarize', 'table', 'into', 'update'];
const CLAUSES = ['select', 'from', 'where', 'group', 'having', 'order', 'qualify', 'limit', 'window', 'join', 'on', 'using', 'set', 'values', 'returning', 'with'];
/** Words that end a FROM item rather than name its alias (`FROM orders LEFT JOIN …`). */
const NOT_AN_ALIAS = new Set([
  ...RESERVED_KEYWORDS,
  ...['join', 'inner', 'left', 'right', 'full', 'outer', 'cross', 'natural', 'positional', 'asof', 'anti', 'semi'],
  ...['sample', 'tablesample', 'set', 'values'],
]);

export function computeCompletions({ text, offset, relations, words }: CompletionInput): Completions {
  const all = tokenize(text);
  if (insideLiteral(all, offset)) return { from: offset, items: [] };
  const statement = statementAt(all, offset).filter((t) => t.kind !== 'comment');
  const typing = statement.find((t) => t.kind === 'word' && t.start < offset && offset <= t.end);
  const from = typing ? typing.start : offset;
  const prefix = typing ? text.slice(typing.start, offset) : '';
  const before = statement.filter((t) => t.end <= from);
  const prev = before.at(-1);
  const scope = relationsInStatement(statement, relations);

  // `alias.` or `relation.`: only that relation's columns, in table order.
  const qualifier = before.at(-2);
  if (isPunct(prev, '.') && prev?.end === from) {
    if (!qualifier || (qualifier.kind !== 'word' && qualifier.kind !== 'quoted') || qualifier.end !== prev.start) return { from, items: [] };
    const relation = resolveQualifier(qualifier.value, scope, relations);
    if (!relation) return { from, items: [] };
    return { from, items: relation.columns.map((c, i) => columnItem(c.name, [c.type], [relation.name], GROUP.scopeColumn, i)) };
  }

  // `x::` — only type names fit.
  if (isPunct(prev, ':') && isPunct(qualifier, ':') && qualifier?.end === prev?.start) {
    return { from, items: wordItems(words.types, 'type', GROUP.type, keywordCase(prefix)) };
  }

  const items: CompletionItem[] = [];
  const inScope = new Set(scope.map((s) => s.relation));
  const relationItems = relations.map((r, i) => relationItem(r, inScope.has(r) ? GROUP.relationInScope : GROUP.relation, i));
  if (isRelationSlot(prev, before)) {
    items.push(...relationItems);
  } else {
    items.push(...mergedColumns(scope.map((s) => s.relation), GROUP.scopeColumn));
    items.push(...relationItems);
    const shown = new Set(items.filter((i) => i.kind === 'column').map((i) => i.label.toLowerCase()));
    const others = relations.filter((r) => !inScope.has(r));
    items.push(...mergedColumns(others, GROUP.otherColumn, true).filter((i) => !shown.has(i.label.toLowerCase())));
  }
  items.push(...wordItems(words.keywords, 'keyword', GROUP.keyword, keywordCase(prefix)));
  items.push(...wordItems(words.functions, 'function', GROUP.function, 'as-is'));
  return { from, items };
}

export type ScopeEntry = { relation: SchemaRelation; alias: string | null };

/** The known relations a statement reads (after FROM, JOIN, or a comma in a FROM list), with their
 * aliases. Subqueries' FROMs count too: their columns are a likely next word as well. */
export function relationsInStatement(tokens: readonly Token[], relations: readonly SchemaRelation[]): ScopeEntry[] {
  const entries: ScopeEntry[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isWord(tokens[i], 'from', 'join')) continue;
    const list = isWord(tokens[i], 'from');
    let j = i + 1;
    for (;;) {
      const name = readName(tokens, j);
      if (!name) break;
      j = name.next;
      const tableFunction = isPunct(tokens[j], '(');
      if (tableFunction) j = skipParens(tokens, j);
      let alias: string | null = null;
      const afterAs = isWord(tokens[j], 'as') ? j + 1 : j;
      const aliasToken = tokens[afterAs];
      if (aliasToken && isAlias(aliasToken)) {
        alias = aliasToken.value;
        j = afterAs + 1;
        if (isPunct(tokens[j], '(')) j = skipParens(tokens, j); // column aliases: t(a, b)
      }
      const relation = tableFunction ? undefined : findRelation(relations, name.value);
      if (relation) entries.push({ relation, alias });
      if (!list || !isPunct(tokens[j], ',')) break;
      j++;
    }
  }
  return entries;
}

function resolveQualifier(name: string, scope: ScopeEntry[], relations: readonly SchemaRelation[]): SchemaRelation | undefined {
  const lower = name.toLowerCase();
  return scope.find((s) => s.alias?.toLowerCase() === lower)?.relation ?? findRelation(relations, name);
}

/** DuckDB matches identifiers case-insensitively, quoted or not. */
function findRelation(relations: readonly SchemaRelation[], name: string): SchemaRelation | undefined {
  const lower = name.toLowerCase();
  return relations.find((r) => r.name.toLowerCase() === lower);
}

function isRelationSlot(prev: Token | undefined, before: Token[]): boolean {
  if (isWord(prev, ...RELATION_SLOT)) return true;
  return isPunct(prev, ',') && clauseOf(before) === 'from';
}

/** The clause keyword governing the end of `tokens`, at the same parenthesis depth; null inside
 * parentheses that are not a subquery of their own (a function's arguments). */
function clauseOf(tokens: Token[]): string | null {
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    if (isPunct(t, ')')) depth++;
    else if (isPunct(t, '(')) {
      if (depth === 0) return null;
      depth--;
    } else if (depth === 0 && isWord(t, ...CLAUSES)) return t?.value.toLowerCase() ?? null;
  }
  return null;
}

function readName(tokens: readonly Token[], start: number): { value: string; next: number } | null {
  const isName = (t: Token | undefined) => t?.kind === 'quoted' || (t?.kind === 'word' && !RESERVED_KEYWORDS.has(t.value.toLowerCase()));
  let token = tokens[start];
  if (!token || !isName(token)) return null;
  let value = token.value;
  let next = start + 1;
  // schema.table and catalog.schema.table: the relation is the last part.
  while (isPunct(tokens[next], '.') && isName(tokens[next + 1])) {
    token = tokens[next + 1];
    value = token?.value ?? value;
    next += 2;
  }
  return { value, next };
}

function isAlias(token: Token): boolean {
  return token.kind === 'quoted' || (token.kind === 'word' && !NOT_AN_ALIAS.has(token.value.toLowerCase()));
}

function skipParens(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && --depth === 0) return i + 1;
  }
  return tokens.length;
}

function relationItem(relation: SchemaRelation, group: string, index: number): CompletionItem {
  const n = relation.columns.length;
  return {
    label: relation.name,
    kind: 'relation',
    detail: `${relation.kind} · ${n} ${n === 1 ? 'column' : 'columns'}`,
    insertText: sqlIdentifier(relation.name),
    sortText: sortKey(group, index),
  };
}

/** One item per column name: `id` in two joined relations is one suggestion naming both. */
function mergedColumns(relations: readonly SchemaRelation[], group: string, alphabetical = false): CompletionItem[] {
  const byName = new Map<string, { name: string; types: string[]; relations: string[] }>();
  for (const relation of relations) {
    for (const column of relation.columns) {
      const key = column.name.toLowerCase();
      const entry = byName.get(key) ?? { name: column.name, types: [], relations: [] };
      if (!entry.types.includes(column.type)) entry.types.push(column.type);
      if (!entry.relations.includes(relation.name)) entry.relations.push(relation.name);
      byName.set(key, entry);
    }
  }
  const entries = [...byName.values()];
  if (alphabetical) entries.sort((a, b) => a.name.localeCompare(b.name));
  return entries.map((e, i) => columnItem(e.name, e.types, e.relations, group, i));
}

function columnItem(name: string, types: string[], relations: string[], group: string, index: number): CompletionItem {
  return {
    label: name,
    kind: 'column',
    detail: `${types.join(' | ')} · ${relations.join(', ')}`,
    insertText: sqlIdentifier(name),
    sortText: sortKey(group, index),
  };
}

type Case = 'upper' | 'lower' | 'as-is';

/** Keywords follow the case the user started typing in; with nothing typed yet, upper case. */
function keywordCase(prefix: string): Case {
  return /[a-z]/.test(prefix) ? 'lower' : 'upper';
}

function wordItems(words: readonly string[], kind: 'keyword' | 'function' | 'type', group: string, letterCase: Case): CompletionItem[] {
  const sorted = [...new Set(words)].sort();
  return sorted.map((word, i) => {
    const label = letterCase === 'upper' ? word.toUpperCase() : letterCase === 'lower' ? word.toLowerCase() : word;
    return { label, kind, detail: kind, insertText: label, sortText: sortKey(group, i) };
  });
}

function sortKey(group: string, index: number): string {
  return `${group}${String(index).padStart(5, '0')}`;
}
