import type { Engine } from '@/lib/engine/types';
import type { SqlWords } from './completions';

/** DuckDB's own word lists, read from the running engine so highlighting and completion match the
 * DuckDB build the notebook runs on rather than a list copied from some version of the docs. */
export const DUCKDB_KEYWORDS_SQL = 'SELECT keyword_name FROM duckdb_keywords()';
export const DUCKDB_FUNCTIONS_SQL = 'SELECT DISTINCT function_name FROM duckdb_functions()';
export const DUCKDB_TYPES_SQL = 'SELECT DISTINCT type_name FROM duckdb_types()';

export async function loadDuckdbWords(engine: Engine): Promise<SqlWords> {
  // One after another: an engine runs one query at a time anyway.
  const keywords = await firstColumn(engine, DUCKDB_KEYWORDS_SQL);
  const functions = await firstColumn(engine, DUCKDB_FUNCTIONS_SQL);
  const types = await firstColumn(engine, DUCKDB_TYPES_SQL);
  return normalizeWords({ keywords, functions, types });
}

async function firstColumn(engine: Engine, sql: string): Promise<string[]> {
  const { rows } = await engine.query(sql, { exactTypes: false });
  return rows.map((row) => row[0]).filter((value): value is string => typeof value === 'string');
}

/** Lower-cased, de-duplicated, sorted; only plain words. duckdb_functions() also lists operators
 * (`||`, `->>`, `!__postfix`) and internal helpers (`__internal_…`), and duckdb_types() an upper-case
 * `JSON`; none of those belong in a highlighter's word list or a completion menu. */
export function normalizeWords(words: SqlWords): SqlWords {
  const clean = (list: readonly string[]) =>
    [...new Set(list.map((w) => w.toLowerCase()).filter((w) => /^[a-z_][a-z0-9_]*$/.test(w) && !w.startsWith('__')))].sort();
  return { keywords: clean(words.keywords), functions: clean(words.functions), types: clean(words.types) };
}
