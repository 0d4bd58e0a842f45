import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { compileCheck, describeCheck, runCheck, runChecks, summarizeChecks, type CheckResult } from './checks';
import type { Check } from './schema';

const outcome = ({ status, failing, sample, message }: CheckResult) => ({ status, failing, sample, message });
const pass = { status: 'pass', failing: 0, sample: { columns: [], rows: [] }, message: null };

// The same checks on both engines: a check that passed in the browser passes on the server's replay.
describe.each([
  ['native', createNativeEngine],
  ['wasm-node', createWasmNodeEngine],
] as const)('checks on the %s engine', (_name, create) => {
  let engine: Engine;
  const check = (c: Check, model = 'orders') => runCheck(engine, c, model);

  beforeAll(async () => {
    engine = await create();
    await engine.query(`
      CREATE TABLE customers AS SELECT * FROM (VALUES (1, 'ann'), (2, 'bob'), (NULL, 'nobody')) t(customer_id, name);
      CREATE TABLE orders AS SELECT * FROM (VALUES
        (1, 1, 'placed', 10.50, 'a'),
        (2, 2, 'shipped', 3.00, ''),
        (3, NULL, NULL, 7.25, NULL),
        (4, 9, '', 0.00, 'b'),
        (4, 2, 'returned', -1.00, 'c')
      ) t(order_id, customer_id, status, amount, "order");
      CREATE TABLE many AS SELECT range AS n FROM range(100);
      CREATE TABLE "select" AS SELECT 1 AS "from";
      CREATE TABLE keep_me AS SELECT 1 AS one;
    `);
  });
  afterAll(() => engine.close());

  describe('not_null', () => {
    it('passes when no row is NULL, and an empty string is not NULL', async () => {
      expect(outcome(await check({ id: 'c', kind: 'not_null', column: 'order_id' }))).toEqual(pass);
      expect(outcome(await check({ id: 'c', kind: 'not_null', column: 'status' }))).toMatchObject({ failing: 1 });
    });

    it('fails with the NULL rows, NULL shown as null and empty text as ""', async () => {
      expect(outcome(await check({ id: 'c', kind: 'not_null', column: 'customer_id' }))).toEqual({
        status: 'fail',
        failing: 1,
        sample: { columns: ['order_id', 'customer_id', 'status', 'amount', 'order'], rows: [['3', null, null, '7.25', null]] },
        message: null,
      });
    });

    it('quotes a column named after a keyword', async () => {
      const result = await check({ id: 'c', kind: 'not_null', column: 'order' });
      expect(result.label).toBe('order is not null');
      expect(result.sql).toContain('"order" IS NULL');
      expect(outcome(result)).toMatchObject({ status: 'fail', failing: 1 });
      expect(result.sample.rows).toEqual([['3', null, null, '7.25', null]]);
    });

    it('quotes a model and a column whose names are keywords', async () => {
      expect(outcome(await check({ id: 'c', kind: 'not_null', column: 'from' }, 'select'))).toEqual(pass);
    });
  });

  describe('unique', () => {
    it('passes on a unique key', async () => {
      expect(outcome(await check({ id: 'c', kind: 'unique', columns: ['order_id', 'customer_id'] }))).toEqual(pass);
    });

    it('fails with the rows that share a key, sampled as each duplicated key and its row count', async () => {
      expect(outcome(await check({ id: 'c', kind: 'unique', columns: ['order_id'] }))).toEqual({
        status: 'fail',
        failing: 2,
        sample: { columns: ['order_id', 'rows'], rows: [['4', '2']] },
        message: null,
      });
    });

    it('counts and samples a key column named "rows" beside the row count', async () => {
      await engine.query('CREATE TABLE shadow AS SELECT * FROM (VALUES (7), (7), (7), (8)) t("rows")');
      expect(outcome(await check({ id: 'c', kind: 'unique', columns: ['rows'] }, 'shadow'))).toMatchObject({
        failing: 3,
        sample: { rows: [['7', '3']] },
      });
    });

    it('does not count rows whose key holds a NULL as duplicates (not_null covers them)', async () => {
      await engine.query("CREATE TABLE null_keys AS SELECT * FROM (VALUES (NULL, 'x'), (NULL, 'x'), (1, NULL), (1, NULL)) t(a, b)");
      expect(outcome(await check({ id: 'c', kind: 'unique', columns: ['a'] }, 'null_keys'))).toMatchObject({ failing: 2 });
      expect(outcome(await check({ id: 'c', kind: 'unique', columns: ['a', 'b'] }, 'null_keys'))).toEqual(pass);
    });
  });

  describe('accepted_values', () => {
    it('passes when every non-NULL value is listed', async () => {
      const values = ['placed', 'shipped', '', 'returned'];
      expect(outcome(await check({ id: 'c', kind: 'accepted_values', column: 'status', values }))).toEqual(pass);
    });

    it('fails on an unlisted value, the empty string included, but not on NULL', async () => {
      const result = await check({ id: 'c', kind: 'accepted_values', column: 'status', values: ['placed', 'shipped', 'returned'] });
      expect(outcome(result)).toMatchObject({ status: 'fail', failing: 1 });
      expect(result.sample.rows).toEqual([['4', '9', '', '0.00', 'b']]);
    });

    it('compares values as text, so numbers match what was typed', async () => {
      const values = ['1', '2', '9'];
      expect(outcome(await check({ id: 'c', kind: 'accepted_values', column: 'customer_id', values }))).toEqual(pass);
      const amounts = await check({ id: 'c', kind: 'accepted_values', column: 'amount', values: ['10.50', '3.00', '7.25', '0.00'] });
      expect(amounts.sample.rows).toEqual([['4', '2', 'returned', '-1.00', 'c']]);
    });

    it('with no value listed yet is incomplete and runs nothing (not "fail" on every row)', async () => {
      for (const values of [[''], ['', '  ']]) {
        const result = await check({ id: 'c', kind: 'accepted_values', column: 'status', values });
        expect(result).toMatchObject({ status: 'incomplete', failing: 0, message: 'List at least one accepted value', sql: '' });
      }
      // A missing table would be an error if the check ran: it does not.
      expect((await check({ id: 'c', kind: 'accepted_values', column: 'x', values: [''] }, 'no_such_table')).status).toBe('incomplete');
      expect(summarizeChecks([await check({ id: 'c', kind: 'accepted_values', column: 'status', values: [''] })])).toMatchObject({ incomplete: 1, failed: 0 });
    });

    it("escapes quotes inside a value", async () => {
      await engine.query("CREATE TABLE quoted AS SELECT 'it''s' AS v");
      expect(outcome(await check({ id: 'c', kind: 'accepted_values', column: 'v', values: ["it's"] }, 'quoted'))).toEqual(pass);
    });
  });

  describe('relationships', () => {
    it('passes when every non-NULL value has a match in the target column', async () => {
      await engine.query('CREATE TABLE good_orders AS SELECT * FROM orders WHERE customer_id IS DISTINCT FROM 9');
      const result = await check({ id: 'c', kind: 'relationships', column: 'customer_id', to: 'customers', toColumn: 'customer_id' }, 'good_orders');
      expect(outcome(result)).toEqual(pass);
    });

    it("fails with the model's rows that have no match; a NULL in the target does not hide them", async () => {
      const result = await check({ id: 'c', kind: 'relationships', column: 'customer_id', to: 'customers', toColumn: 'customer_id' });
      expect(result.label).toBe('customer_id references customers.customer_id');
      expect(outcome(result)).toEqual({
        status: 'fail',
        failing: 1,
        sample: { columns: ['order_id', 'customer_id', 'status', 'amount', 'order'], rows: [['4', '9', '', '0.00', 'b']] },
        message: null,
      });
    });

    it('reports a missing target model as an error', async () => {
      const result = await check({ id: 'c', kind: 'relationships', column: 'customer_id', to: 'no_such_model', toColumn: 'id' });
      expect(result.status).toBe('error');
      expect(result.message).toMatch(/^Catalog Error: Table with name no_such_model does not exist/);
    });
  });

  describe('row_count', () => {
    it('passes between its bounds, either of which may be open', async () => {
      expect(outcome(await check({ id: 'c', kind: 'row_count', min: 5, max: 5 }))).toEqual(pass);
      expect(outcome(await check({ id: 'c', kind: 'row_count', min: 1, max: null }))).toEqual(pass);
      expect(outcome(await check({ id: 'c', kind: 'row_count', min: null, max: 100 }))).toEqual(pass);
    });

    it('fails with the actual count', async () => {
      for (const bounds of [
        { min: 6, max: null },
        { min: null, max: 4 },
        { min: 10, max: 20 },
      ]) {
        expect(outcome(await check({ id: 'c', kind: 'row_count', ...bounds }))).toEqual({
          status: 'fail',
          failing: 1,
          sample: { columns: ['rows'], rows: [['5']] },
          message: null,
        });
      }
    });

    it('refuses bounds the schema refuses, as an error rather than a throw', async () => {
      const result = await check({ id: 'c', kind: 'row_count', min: null, max: null });
      expect(outcome(result)).toEqual({ ...pass, status: 'error', message: 'row_count needs a minimum, a maximum or both' });
    });
  });

  describe('expression', () => {
    it('passes when the predicate is true on every row', async () => {
      expect(outcome(await check({ id: 'c', kind: 'expression', predicate: 'order_id between 1 and 4' }))).toEqual(pass);
    });

    it('fails on rows where the predicate is false, and on rows where it is NULL', async () => {
      const result = await check({ id: 'c', kind: 'expression', predicate: "status <> 'shipped'" });
      expect(outcome(result)).toMatchObject({ status: 'fail', failing: 2 });
      expect(result.sample.rows.map((row) => row[0])).toEqual(['2', '3']);
    });

    it('keeps a trailing line comment from swallowing the rest of the query', async () => {
      expect(outcome(await check({ id: 'c', kind: 'expression', predicate: 'amount < 100 -- sanity' }))).toEqual(pass);
    });

    it('allows a semicolon inside a string literal', async () => {
      expect(outcome(await check({ id: 'c', kind: 'expression', predicate: "status <> 'a;b'" }))).toMatchObject({ failing: 1 });
    });

    it("reports a syntax error with DuckDB's message", async () => {
      const result = await check({ id: 'c', kind: 'expression', predicate: 'amount >' });
      expect(result.status).toBe('error');
      expect(result.failing).toBe(0);
      expect(result.message).toMatch(/^Parser Error: syntax error at or near/);
    });

    it("reports an unknown column with DuckDB's message", async () => {
      const result = await check({ id: 'c', kind: 'expression', predicate: 'no_such_column > 0' });
      expect(result.status).toBe('error');
      expect(result.message).toMatch(/^Binder Error: Referenced column "no_such_column" not found/);
    });

    it.each([
      ['1=1; drop table keep_me'],
      ['1=1) IS NOT TRUE; DROP TABLE keep_me; SELECT (1'],
      ['true;'],
    ])('cannot smuggle a second statement: %s', async (predicate) => {
      const result = await check({ id: 'c', kind: 'expression', predicate });
      expect(result.status).toBe('error');
      expect(result.message).toMatch(/^Parser Error: a check must be one SQL expression/);
      expect((await engine.query('SELECT * FROM keep_me')).rows).toEqual([[1]]);
    });
  });

  it('counts every failing row but returns the first 20, in value order', async () => {
    const result = await check({ id: 'c', kind: 'expression', predicate: 'n < 0' }, 'many');
    expect(result.failing).toBe(100);
    expect(result.sample.rows).toEqual(Array.from({ length: 20 }, (_, i) => [String(i)]));
  });

  it('reports a missing column or model as an error instead of throwing', async () => {
    expect(await check({ id: 'c', kind: 'not_null', column: 'nope' })).toMatchObject({ status: 'error', message: expect.stringMatching(/^Binder Error/) });
    expect(await check({ id: 'c', kind: 'not_null', column: 'x' }, 'gone')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^Catalog Error: Table with name gone does not exist/),
    });
  });

  it("runs a cell's checks in order and summarises them", async () => {
    const results = await runChecks(engine, {
      id: 'cell',
      kind: 'check',
      model: 'orders',
      checks: [
        { id: 'a', kind: 'not_null', column: 'order_id' },
        { id: 'b', kind: 'unique', columns: ['order_id'] },
        { id: 'c', kind: 'expression', predicate: 'amount >' },
        { id: 'd', kind: 'row_count', min: 1, max: null },
      ],
    });
    expect(results.map((r) => [r.checkId, r.kind, r.status])).toEqual([
      ['a', 'not_null', 'pass'],
      ['b', 'unique', 'fail'],
      ['c', 'expression', 'error'],
      ['d', 'row_count', 'pass'],
    ]);
    expect(summarizeChecks(results)).toEqual({ passed: 2, failed: 1, errored: 1, incomplete: 0, total: 4 });
  });
});

describe('describeCheck', () => {
  it.each<[Check, string]>([
    [{ id: 'c', kind: 'not_null', column: 'order_id' }, 'order_id is not null'],
    [{ id: 'c', kind: 'unique', columns: ['order_id'] }, 'order_id is unique'],
    [{ id: 'c', kind: 'unique', columns: ['day', 'store'] }, '(day, store) is unique'],
    [{ id: 'c', kind: 'accepted_values', column: 'status', values: ['a', 'b'] }, "status is one of 'a', 'b'"],
    [
      { id: 'c', kind: 'accepted_values', column: 's', values: ['1', '2', '3', '4', '5', '6'] },
      "s is one of '1', '2', '3', '4', '5', … (6 values)",
    ],
    [{ id: 'c', kind: 'relationships', column: 'customer_id', to: 'customers', toColumn: 'id' }, 'customer_id references customers.id'],
    [{ id: 'c', kind: 'row_count', min: 1, max: 10 }, 'row count between 1 and 10'],
    [{ id: 'c', kind: 'row_count', min: 1, max: null }, 'row count at least 1'],
    [{ id: 'c', kind: 'row_count', min: null, max: 10 }, 'row count at most 10'],
    [{ id: 'c', kind: 'expression', predicate: 'amount\n  >= 0' }, 'every row satisfies amount >= 0'],
  ])('%j reads "%s"', (c, label) => {
    expect(describeCheck(c)).toBe(label);
  });
});

describe('compileCheck', () => {
  it('counts and samples with quoted identifiers and a 20-row limit', () => {
    expect(compileCheck({ id: 'c', kind: 'not_null', column: 'order' }, 'orders')).toMatchInlineSnapshot(`
      {
        "countSql": "SELECT count(*) AS failing
      FROM "orders"
      WHERE "order" IS NULL",
        "sampleSql": "SELECT COLUMNS(*)::VARCHAR FROM (
        SELECT * FROM "orders"
        WHERE "order" IS NULL
        ORDER BY ALL NULLS LAST
        LIMIT 20
      )",
      }
    `);
  });

  it('counts duplicated keys and samples them with their row count', () => {
    expect(compileCheck({ id: 'c', kind: 'unique', columns: ['a', 'b'] }, 'm')).toMatchInlineSnapshot(`
      {
        "countSql": "SELECT coalesce(sum(n), 0)::BIGINT AS failing FROM (
        SELECT count(*) AS n
        FROM "m"
        WHERE "a" IS NOT NULL AND "b" IS NOT NULL
        GROUP BY "a", "b"
        HAVING count(*) > 1
      )",
        "sampleSql": "SELECT COLUMNS(*)::VARCHAR FROM (
        SELECT "a", "b", count(*) AS "rows"
        FROM "m"
        WHERE "a" IS NOT NULL AND "b" IS NOT NULL
        GROUP BY "a", "b"
        HAVING count(*) > 1
        ORDER BY count(*) DESC, "a", "b"
        LIMIT 20
      )",
      }
    `);
  });

  it('looks up each non-NULL value in the target with NOT EXISTS', () => {
    expect(compileCheck({ id: 'c', kind: 'relationships', column: 'customer_id', to: 'customers', toColumn: 'id' }, 'orders').countSql).toMatchInlineSnapshot(`
      "SELECT count(*) AS failing
      FROM "orders" AS "child"
      WHERE "child"."customer_id" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "customers" AS "parent" WHERE "parent"."id" = "child"."customer_id")"
    `);
  });

  it('reads the count once for row_count', () => {
    expect(compileCheck({ id: 'c', kind: 'row_count', min: 1, max: null }, 'm')).toMatchInlineSnapshot(`
      {
        "countSql": "SELECT (count(*) < 1)::INTEGER AS failing
      FROM "m"",
        "sampleSql": "SELECT count(*)::VARCHAR AS "rows"
      FROM "m"",
      }
    `);
  });
});

describe('summarizeChecks', () => {
  it('counts nothing for no results', () => {
    expect(summarizeChecks([])).toEqual({ passed: 0, failed: 0, errored: 0, incomplete: 0, total: 0 });
  });
});
