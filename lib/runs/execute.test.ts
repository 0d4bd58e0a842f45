import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '@/lib/notebook/schema';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import type { Warehouse } from '@/lib/warehouse/types';
import { executeRun } from './execute';

async function* batches(...chunks: (string | null)[][][]) {
  for (const chunk of chunks) yield chunk;
}

const cells = (checks: Cell[] = []): Cell[] => [
  { id: 'a', kind: 'sql', name: 'big_orders', source: 'SELECT id, amount FROM orders WHERE amount > 10' },
  { id: 'b', kind: 'sql', name: 'total', source: 'SELECT sum(amount) AS amount, count(*) AS n FROM big_orders' },
  ...checks,
];

describe('executeRun on the warehouse', () => {
  let warehouse: Warehouse;
  const inputs = [{ name: 'orders', table: { layer: 'raw' as const, name: 'orders__1' } }];
  beforeAll(async () => {
    warehouse = await openDuckdbWarehouse({ path: ':memory:', threads: 2 });
    const columns = [
      { name: 'id', type: 'INTEGER' },
      { name: 'amount', type: 'DECIMAL(10,2)' },
    ];
    await warehouse.loadTable(inputs[0]!.table, columns, { batches: batches([['1', '5.00'], ['2', '20.00'], ['3', '30.50']]) });
  });
  afterAll(() => warehouse.close());

  it('builds every model in the run schema over the snapshot, fingerprints it and marks the outputs', async () => {
    const run = await executeRun(warehouse, { schema: 'run_1_v1', cells: cells(), inputs, outputs: ['total'] });
    expect(run.status).toBe('passed');
    expect(run.models.map(({ name, output, rows }) => ({ name, output, rows }))).toEqual([
      { name: 'big_orders', output: false, rows: 2 },
      { name: 'total', output: true, rows: 1 },
    ]);
    expect(run.models[1]!.schema).toEqual([
      { name: 'amount', type: 'DECIMAL(38,2)' },
      { name: 'n', type: 'BIGINT' },
    ]);
    const page = await warehouse.readPage({ layer: 'run_1_v1', name: 'total' }, { offset: 0, limit: 5 });
    expect(page.rows).toEqual([['50.50', '2']]);
    // The same inputs built again give the same fingerprints (a verification relies on it).
    const again = await executeRun(warehouse, { schema: 'run_1_verify1', cells: cells(), inputs, outputs: ['total'] });
    expect(again.models.map((m) => m.fingerprint)).toEqual(run.models.map((m) => m.fingerprint));
  });

  it('blocks on a failing error check, records a failing warn check, and never touches raw', async () => {
    const checked = cells([
      { id: 'c', kind: 'check', model: 'big_orders', checks: [{ id: 'small', kind: 'row_count', min: null, max: 1 }] },
      { id: 'd', kind: 'check', model: 'total', checks: [{ id: 'warned', kind: 'row_count', min: 5, max: null, severity: 'warn' }] },
    ]);
    const run = await executeRun(warehouse, { schema: 'run_2_v2', cells: checked, inputs, outputs: null });
    expect(run.status).toBe('checks_failed');
    expect(run.checks.map(({ checkId, status, severity, blocking }) => ({ checkId, status, severity, blocking }))).toEqual([
      { checkId: 'small', status: 'fail', severity: 'error', blocking: true },
      { checkId: 'warned', status: 'fail', severity: 'warn', blocking: false },
    ]);
    const warnedOnly = await executeRun(warehouse, { schema: 'run_3_v2', cells: [...cells(), checked[3]!], inputs, outputs: null });
    expect(warnedOnly.status).toBe('passed');
    expect(await warehouse.exists(inputs[0]!.table)).toBe(true);
  });

  it('reports the cell that fails on real data as an outcome, naming the model', async () => {
    const failing: Cell[] = [{ id: 'x', kind: 'sql', name: 'casted', source: "SELECT CAST('n/a' || id AS INTEGER) AS v FROM orders" }];
    const run = await executeRun(warehouse, { schema: 'run_4_v3', cells: failing, inputs, outputs: null });
    expect(run.status).toBe('model_failed');
    expect(run.error).toMatch(/^cell x \(model casted\): Conversion Error/);
  });

  it('refuses what the hardened engine refuses, before DuckDB sees it', async () => {
    const attach: Cell[] = [{ id: 'y', kind: 'sql', name: 'm', source: "SELECT 1 AS one; ATTACH 'x.db'" }];
    const run = await executeRun(warehouse, { schema: 'run_5_v3', cells: attach, inputs, outputs: null });
    expect(run.status).toBe('model_failed');
  });
});
