import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckdbWarehouse } from './duckdb';
import type { Warehouse } from './types';

async function* batches(...chunks: (string | null)[][][]) {
  for (const chunk of chunks) yield chunk;
}

describe('the DuckDB warehouse', () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openDuckdbWarehouse({ path: ':memory:', threads: 2 });
  });
  afterAll(() => warehouse.close());

  it('loads text batches exactly: NULL apart from empty text, quotes, commas and newlines kept', async () => {
    const columns = [
      { name: 'id', type: 'INTEGER' },
      { name: 'note', type: 'VARCHAR' },
    ];
    const loaded = await warehouse.loadTable({ layer: 'stage', name: 'texts' }, columns, { batches: batches([['1', null], ['2', '']], [['3', 'say "hi", then\nleave']]) });
    expect(loaded.rows).toBe(3);
    const page = await warehouse.readPage({ layer: 'stage', name: 'texts' }, { offset: 0, limit: 10 });
    expect(page.rows).toEqual([
      ['1', null],
      ['2', ''],
      ['3', 'say "hi", then\nleave'],
    ]);
  });

  it('loads an empty source as an empty typed table, and names a value that does not cast', async () => {
    const columns = [{ name: 'n', type: 'BIGINT' }];
    expect(await warehouse.loadTable({ layer: 'stage', name: 'none' }, columns, { batches: batches() })).toEqual({ rows: 0 });
    expect(await warehouse.describe({ layer: 'stage', name: 'none' })).toEqual(columns);
    await expect(warehouse.loadTable({ layer: 'stage', name: 'bad' }, columns, { batches: batches([['12x']]) })).rejects.toThrow(/12x/);
    expect(await warehouse.exists({ layer: 'stage', name: 'bad' })).toBe(false);
  });
});
