import { describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import { DUCKDB_FUNCTIONS_SQL, DUCKDB_KEYWORDS_SQL, loadDuckdbWords, normalizeWords } from './duckdb-words';
import { RESERVED_KEYWORDS } from './identifiers';

describe('DuckDB word lists', () => {
  it('keeps plain lower-case words only', () => {
    expect(normalizeWords({ keywords: ['SELECT', 'select', 'from'], functions: ['||', '->>', '__internal_x', 'sum', 'formatReadableSize'], types: ['JSON', 'INTEGER'] })).toEqual({
      keywords: ['from', 'select'],
      functions: ['formatreadablesize', 'sum'],
      types: ['integer', 'json'],
    });
  });

  it('reads them from a running DuckDB', async () => {
    const engine = await createNativeEngine();
    try {
      const words = await loadDuckdbWords(engine);
      expect(words.keywords).toEqual(expect.arrayContaining(['select', 'qualify', 'pivot']));
      expect(words.functions).toEqual(expect.arrayContaining(['sum', 'list_transform', 'regexp_matches']));
      expect(words.types).toEqual(expect.arrayContaining(['integer', 'varchar', 'timestamptz']));
      expect(words.functions).not.toContain('||');
    } finally {
      await engine.close();
    }
  });

  it('quotes every word DuckDB reserves', async () => {
    const engine = await createNativeEngine();
    try {
      const { rows } = await engine.query(`${DUCKDB_KEYWORDS_SQL} WHERE keyword_category = 'reserved'`, { exactTypes: false });
      expect(new Set(rows.map((r) => String(r[0])))).toEqual(RESERVED_KEYWORDS);
      expect((await engine.query(DUCKDB_FUNCTIONS_SQL, { exactTypes: false })).rows.length).toBeGreaterThan(500);
    } finally {
      await engine.close();
    }
  });
});
