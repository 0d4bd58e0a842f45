import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { MAX_PAGE_ROWS, pageSql, readPage, type GridSort } from './page-query';
import { canMaterialiseOrder, createSortOrder, dropSortOrder } from './sort-order';

const firstCells = (rows: (string | null)[][]) => rows.map((row) => row[0]);

// The grid pages the same model table in the browser (DuckDB-WASM) and on the server (native):
// the same pages, rendered as the same text.
describe.each([
  ['native', createNativeEngine],
  ['wasm-node', createWasmNodeEngine],
] as const)('result grid pages on the %s engine', (_name, create) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    // Built the way a SQL cell builds its model: one CREATE TABLE AS.
    await engine.query(
      `CREATE OR REPLACE TABLE million AS (
         SELECT range AS id, range % 3 AS bucket, 'row ' || range AS label FROM range(1000000))`,
    );
    await engine.query(
      `CREATE OR REPLACE TABLE texts AS (
         SELECT * FROM (VALUES (1, 'a'), (2, ''), (3, NULL), (4, 'NULL'), (5, 'b'), (6, NULL)) t(id, txt))`,
    );
  });
  afterAll(() => engine.close());

  it('reads the first page of a million rows in table order, as text', async () => {
    const page = await readPage(engine, { table: 'million', sort: null, offset: 0, limit: 100 });
    expect(page).toHaveLength(100);
    expect(page[0]).toEqual(['0', '0', 'row 0']);
    expect(page[99]).toEqual(['99', '0', 'row 99']);
  });

  it('reads the last page, which ends at the millionth row', async () => {
    const page = await readPage(engine, { table: 'million', sort: null, offset: 999_950, limit: 100 });
    expect(page).toHaveLength(50);
    expect(page.at(-1)).toEqual(['999999', '0', 'row 999999']);
    expect(await readPage(engine, { table: 'million', sort: null, offset: 1_000_000, limit: 100 })).toEqual([]);
  });

  it('sorts descending by value, not by its text', async () => {
    const page = await readPage(engine, { table: 'million', sort: { column: 'id', direction: 'desc' }, offset: 0, limit: 3 });
    expect(firstCells(page)).toEqual(['999999', '999998', '999997']);
    const last = await readPage(engine, { table: 'million', sort: { column: 'id', direction: 'desc' }, offset: 999_998, limit: 3 });
    expect(firstCells(last)).toEqual(['1', '0']);
  });

  it('keeps table order among equal values, on every page', async () => {
    const sort = { column: 'bucket', direction: 'desc' } as const;
    const first = await readPage(engine, { table: 'million', sort, offset: 0, limit: 4 });
    expect(first).toEqual([
      ['2', '2', 'row 2'],
      ['5', '2', 'row 5'],
      ['8', '2', 'row 8'],
      ['11', '2', 'row 11'],
    ]);
    // Bucket 2 holds 333,333 rows; the next page starts exactly where the previous one stopped.
    const across = await readPage(engine, { table: 'million', sort, offset: 333_331, limit: 4 });
    expect(firstCells(across)).toEqual(['999995', '999998', '1', '4']);
  });

  it('keeps NULL apart from empty text and from the text NULL, and puts NULLs last both ways', async () => {
    expect(await readPage(engine, { table: 'texts', sort: null, offset: 0, limit: 10 })).toEqual([
      ['1', 'a'],
      ['2', ''],
      ['3', null],
      ['4', 'NULL'],
      ['5', 'b'],
      ['6', null],
    ]);
    const asc = await readPage(engine, { table: 'texts', sort: { column: 'txt', direction: 'asc' }, offset: 0, limit: 10 });
    expect(asc.map((row) => row[1])).toEqual(['', 'NULL', 'a', 'b', null, null]);
    const desc = await readPage(engine, { table: 'texts', sort: { column: 'txt', direction: 'desc' }, offset: 0, limit: 10 });
    expect(desc.map((row) => row[1])).toEqual(['b', 'a', 'NULL', '', null, null]);
    expect(firstCells(desc).slice(-2)).toEqual(['3', '6']);
  });

  it('reads the same sorted pages from a materialised sort order, and drops it', async () => {
    const cases: [NonNullable<GridSort>, number][] = [
      [{ column: 'bucket', direction: 'desc' }, 0],
      [{ column: 'bucket', direction: 'desc' }, 333_290],
      [{ column: 'label', direction: 'asc' }, 999_900],
    ];
    for (const [sort, offset] of cases) {
      const order = await createSortOrder(engine, 'million', sort);
      const resorted = await readPage(engine, { table: 'million', sort, offset, limit: 100 });
      expect(await readPage(engine, { table: 'million', sort, order, offset, limit: 100 })).toEqual(resorted);
      await dropSortOrder(engine, order);
      await expect(readPage(engine, { table: 'million', sort, order, offset, limit: 100 })).rejects.toThrow(/does not exist/);
    }
    const order = await createSortOrder(engine, 'texts', { column: 'txt', direction: 'desc' });
    const page = await readPage(engine, { table: 'texts', sort: { column: 'txt', direction: 'desc' }, order, offset: 0, limit: 10 });
    expect(page).toEqual([
      ['5', 'b'],
      ['1', 'a'],
      ['4', 'NULL'],
      ['2', ''],
      ['3', null],
      ['6', null],
    ]);
    await dropSortOrder(engine, order);
    const { rows } = await engine.query("SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name LIKE '__assay_grid_order%'");
    expect(rows).toEqual([[0]]);
  });

  it('pages and sorts a table whose own column is named rowid, without a sort order', async () => {
    await engine.query(`CREATE OR REPLACE TABLE own_rowid AS (SELECT * FROM (VALUES (50, 'b'), (70, 'a'), (60, 'a')) t(rowid, v))`);
    expect(canMaterialiseOrder([{ name: 'RowId' }, { name: 'v' }])).toBe(false);
    expect(await readPage(engine, { table: 'own_rowid', sort: null, offset: 1, limit: 5 })).toEqual([
      ['70', 'a'],
      ['60', 'a'],
    ]);
    const sorted = await readPage(engine, { table: 'own_rowid', sort: { column: 'v', direction: 'asc' }, offset: 0, limit: 5 });
    expect(sorted.map((row) => row[1])).toEqual(['a', 'a', 'b']);
  });

  it('pages a table and sorts a column whose names need quoting', async () => {
    await engine.query(`CREATE OR REPLACE TABLE "odd ""name""" AS (SELECT * FROM (VALUES (2, 'x'), (1, 'y')) t("my col", "Other"))`);
    const page = await readPage(engine, { table: 'odd "name"', sort: { column: 'my col', direction: 'asc' }, offset: 0, limit: 5 });
    expect(page).toEqual([
      ['1', 'y'],
      ['2', 'x'],
    ]);
  });
});

describe('page windows the grid refuses', () => {
  const table = 'million';
  it.each([
    [{ offset: -1, limit: 100 }, 'page offset must be a whole number of rows, 0 or more; got -1'],
    [{ offset: 1.5, limit: 100 }, 'page offset must be a whole number of rows, 0 or more; got 1.5'],
    [{ offset: Number.NaN, limit: 100 }, 'page offset must be a whole number of rows, 0 or more; got NaN'],
    [{ offset: 0, limit: 0 }, `page limit must be a whole number of rows from 1 to ${MAX_PAGE_ROWS}; got 0`],
    [{ offset: 0, limit: 1001 }, 'page limit must be a whole number of rows from 1 to 1000; got 1001'],
    [{ offset: 0, limit: 2.5 }, 'page limit must be a whole number of rows from 1 to 1000; got 2.5'],
  ])('refuses %o', (window, message) => {
    expect(() => pageSql({ table, sort: null, ...window })).toThrow(new RangeError(message));
  });

  it('rejects before asking the engine', async () => {
    const engine = { query: () => Promise.reject(new Error('must not be called')) } as unknown as Engine;
    await expect(readPage(engine, { table, sort: null, offset: 0, limit: 5000 })).rejects.toThrow(
      'page limit must be a whole number of rows from 1 to 1000; got 5000',
    );
  });

  it('writes the SQL the benchmark measured', () => {
    expect(pageSql({ table: 'm', sort: null, offset: 200, limit: 100 })).toBe(
      'SELECT COLUMNS(*)::VARCHAR FROM "m" LIMIT 100 OFFSET 200',
    );
    expect(pageSql({ table: 'm', sort: { column: 'x', direction: 'desc' }, offset: 200, limit: 100 })).toBe(
      'SELECT COLUMNS(*)::VARCHAR FROM "m" AS src ORDER BY src."x" DESC NULLS LAST, src.rowid ASC LIMIT 100 OFFSET 200',
    );
  });
});

describe('table order with several DuckDB threads', () => {
  it('still pages in insertion order (preserve_insertion_order, not luck)', async () => {
    const engine = await createNativeEngine({ threads: 2 });
    try {
      await engine.query('CREATE TABLE shuffled AS (SELECT (range * 7919) % 1000000 AS k FROM range(1000000))');
      for (const offset of [0, 123_456, 999_900]) {
        const page = await readPage(engine, { table: 'shuffled', sort: null, offset, limit: 100 });
        expect(page.map((row) => row[0])).toEqual(Array.from({ length: 100 }, (_unused, i) => String(((offset + i) * 7919) % 1_000_000)));
      }
    } finally {
      await engine.close();
    }
  });
});
