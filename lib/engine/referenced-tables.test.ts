import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from './native';
import type { Engine } from './types';
import { createWasmNodeEngine } from './wasm-node';

// The notebook's dependency graph rests on this: both engines must name the same tables, found by
// DuckDB's parser, for queries over tables that do not exist yet.
const CASES: [string, string[]][] = [
  ['select * from orders', ['orders']],
  ['select * from orders o join customers c on o.customer_id = c.customer_id', ['customers', 'orders']],
  ['with recent as (select * from orders) select * from recent, products', ['orders', 'products']],
  ['select * from a where id in (select id from b) and exists (select 1 from c)', ['a', 'b', 'c']],
  ['select * from range(10)', []],
  ['select 42', []],
  ['select * from orders union all select * from orders_archive', ['orders', 'orders_archive']],
  ['select "Weird Name".x from "Weird Name"', ['Weird Name']],
];

describe.each([
  ['native', createNativeEngine],
  ['wasm-node', createWasmNodeEngine],
] as const)('referenced tables on the %s engine', (_name, create) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine.close());

  it.each(CASES)('%s', async (sql, expected) => {
    expect([...(await engine.referencedTables(sql))].sort()).toEqual(expected);
  });

  it('finds nothing in a statement that is not a query, so running it gives the clear refusal', async () => {
    expect(await engine.referencedTables("ATTACH ':memory:' AS x")).toEqual([]);
  });

  it("rejects text that does not parse with DuckDB's parser error", async () => {
    await expect(engine.referencedTables('selec * from orders')).rejects.toThrow(/Parser Error: syntax error at or near "selec"/);
  });

  it('names the tables of a USING join', async () => {
    expect(await engine.referencedTables('select * from orders join customers using (customer_id)')).toEqual(['customers', 'orders']);
  });
});

describe('tables from DuckDB tokens (the wasm fallback for USING joins)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createWasmNodeEngine();
  });
  afterAll(() => engine.close());

  it.each([
    ['select * from orders o join "Cust Omers" using (id) join x on true, range(3) r -- from nope\n where \'from y\' = 1', ['Cust Omers', 'orders', 'x']],
    ['with x as (select * from a) select * from main.b join x using (id)', ['a', 'b']],
    ['select * from a, b as bb, c join d using (k)', ['a', 'b', 'c', 'd']],
  ])('%s', async (sql, expected) => {
    expect(await engine.referencedTables(sql)).toEqual(expected);
  });
});
