import { describe, expect, it } from 'vitest';
import { DatasetContract, type ColumnContract } from '@/lib/contracts/schema';
import { DEMO_DATASETS } from '@/lib/server/demo/catalog';
import { aliasTable } from './alias';
import { planSandbox } from './plan';
import { exp, log, lognormalKnots, normalQuantile } from './quantiles';
import { defaultSandboxSpec, MAX_ROWS_PER_TABLE, type SandboxDataset, type SyntheticSpec } from './spec';

const column = (name: string, type: string, extra: Partial<ColumnContract> = {}): ColumnContract => ({
  name,
  type,
  nullable: false,
  description: '',
  sensitivity: 'internal',
  masking: 'none',
  ...extra,
});
const dataset = (name: string, columns: ColumnContract[], synthetic?: DatasetContract['synthetic']): SandboxDataset => ({
  name,
  contract: { description: name, retentionDays: null, freshnessSlaHours: null, columns, ...(synthetic ? { synthetic } : {}) },
});
const spec = (rows: Record<string, number>): SyntheticSpec => ({ kind: 'synthetic', generatorVersion: 1, seed: 1, rows });
const error = (datasets: SandboxDataset[], s: SyntheticSpec) => {
  const plan = planSandbox(datasets, s);
  return plan.ok ? null : plan.error;
};

describe('planSandbox', () => {
  it('orders the demo catalog parents first and sizes it from the contracts', () => {
    const plan = planSandbox(DEMO_DATASETS, defaultSandboxSpec(DEMO_DATASETS));
    expect(plan.ok && plan.steps.map((s) => [s.dataset, s.rows])).toEqual([
      ['customers', { min: 10_000, max: 10_000 }],
      ['orders', { min: 100_000, max: 100_000 }],
      ['products', { min: 500, max: 500 }],
      ['order_items', { min: 100_000, max: 500_000 }],
    ]);
    expect(defaultSandboxSpec(DEMO_DATASETS, 42)).toEqual({
      kind: 'synthetic',
      generatorVersion: 2,
      seed: 42,
      rows: { customers: 10_000, orders: 100_000, products: 500 },
    });
  });

  it('never asks DuckDB for random(), now() or functions that differ between engines', () => {
    const plan = planSandbox(DEMO_DATASETS, defaultSandboxSpec(DEMO_DATASETS));
    const sql = plan.ok ? plan.steps.map((s) => s.sql).join('\n') : '';
    expect(sql).toMatch(/CREATE OR REPLACE TABLE "order_items" AS/);
    expect(sql).not.toMatch(/\b(random|setseed|now|current_timestamp|ln|log|exp|pow|power|cos|sin)\s*\(/i);
  });

  it.each([
    ['a dataset the sandbox does not have', DEMO_DATASETS, spec({ shipments: 5 }), 'the spec sets rows for "shipments", which is not a dataset of this sandbox (datasets: customers, orders, order_items, products)'],
    ['rows for a dataset sized by its parent', DEMO_DATASETS, spec({ order_items: 5 }), 'order_items gets 1–5 rows per orders row; set the rows of orders instead'],
    ['more rows than the limit', DEMO_DATASETS, spec({ orders: MAX_ROWS_PER_TABLE + 1 }), 'orders: 5,000,001 rows is above the limit of 5,000,000 rows per table'],
    ['a child that could pass the limit', DEMO_DATASETS, spec({ orders: 1_200_000 }), 'order_items could reach 6,000,000 rows (1,200,000 orders × up to 5), above the limit of 5,000,000 rows per table'],
    [
      'a reference to a missing dataset',
      DEMO_DATASETS.filter((d) => d.name !== 'customers'),
      spec({}),
      'orders.customer_id references customers, which is not in the sandbox',
    ],
    [
      'datasets that reference each other',
      [
        dataset('a', [column('id', 'BIGINT', { generator: { kind: 'sequence' } }), column('b_id', 'BIGINT', { generator: { kind: 'reference', dataset: 'b', column: 'id' } })]),
        dataset('b', [column('id', 'BIGINT', { generator: { kind: 'sequence' } }), column('a_id', 'BIGINT', { generator: { kind: 'reference', dataset: 'a', column: 'id' } })]),
      ],
      spec({}),
      'datasets depend on each other in a cycle: a → b → a',
    ],
    [
      'a reference to a column that is not a sequence key',
      [dataset('a', [column('id', 'BIGINT'), column('self', 'BIGINT', { generator: { kind: 'reference', dataset: 'a', column: 'id' } })])],
      spec({}),
      'a.self references a.id, which is not the sequence key of a',
    ],
    ['a type without a default', [dataset('a', [column('tags', 'VARCHAR[]')])], spec({}), 'a.tags has type VARCHAR[], which the generator cannot cast to'],
    ['a line number outside a per-parent dataset', [dataset('a', [column('n', 'INTEGER', { generator: { kind: 'child_index' } })])], spec({}), 'a.n is a child_index, but a is not generated per parent row (synthetic.perParent)'],
  ])('refuses %s', (_case, datasets, s, message) => {
    expect(error(datasets, s)).toBe(message);
  });
});

describe('contract generator hints', () => {
  it('parse, and stored contracts without them still parse', () => {
    for (const d of DEMO_DATASETS) expect(() => DatasetContract.parse(d.contract)).not.toThrow();
    const bare = { description: 'x', retentionDays: null, freshnessSlaHours: null, columns: [column('id', 'BIGINT')] };
    expect(DatasetContract.parse(bare)).toEqual(bare);
  });

  it('refuse a null rate on a non-nullable column and reversed ranges', () => {
    const bad = DatasetContract.safeParse({
      description: 'x',
      retentionDays: null,
      freshnessSlaHours: null,
      columns: [
        column('a', 'VARCHAR', { generator: { kind: 'email', nullRate: 0.1 } }),
        column('b', 'INTEGER', { generator: { kind: 'integer', min: 5, max: 1 } }),
      ],
      synthetic: { perParent: { dataset: 'p', min: 3, max: 2 } },
    });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.message)).toEqual([
      'a is not nullable and cannot have a null rate',
      'b: min is above max',
      'perParent min is above max',
    ]);
  });
});

describe('engine-independent arithmetic', () => {
  it('matches the textbook values closely', () => {
    expect(exp(1)).toBeCloseTo(Math.E, 14);
    expect(log(10)).toBeCloseTo(Math.LN10, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(lognormalKnots(24, 0.9)[128]).toBe(24);
  });

  it('builds alias tables that reproduce the weights exactly', () => {
    const weights = [5, 1, 3, 0, 7];
    const table = aliasTable(weights);
    const n = weights.length;
    const levels = Math.floor(2 ** 32 / n);
    const share = weights.map(() => 0);
    for (let i = 0; i < n; i++) {
      share[i]! += table.keep[i]!;
      share[table.alias[i]!]! += levels - table.keep[i]!;
    }
    expect(share.map((s) => Math.round((s / (levels * n)) * 16 * 1e6) / 1e6)).toEqual(weights);
  });
});
