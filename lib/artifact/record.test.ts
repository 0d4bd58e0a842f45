import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import { runChecks } from '@/lib/quality/checks';
import { DEMO_DATASETS } from '@/lib/server/demo/catalog';
import { defaultSandboxSpec, generateSandbox, type SandboxSpec } from '@/lib/synth';
import { fingerprintTable } from './fingerprint';
import { artifactId } from './id';
import { RecordError, recordExperiment, type RecordInput } from './record';
import { ARTIFACT_FORMAT } from './schema';

const SPEC: SandboxSpec = { ...defaultSandboxSpec(DEMO_DATASETS, 7), rows: { customers: 500, products: 100, orders: 2_000 } };
const SOURCES = new Set(DEMO_DATASETS.map((d) => d.name));

const CELLS: Cell[] = [
  { id: 'c_intro', kind: 'markdown', source: '# Delivered orders per customer', collapsed: true },
  { id: 'c_per_customer', kind: 'sql', name: 'per_customer', source: 'select customer_id, count(*) as orders\nfrom delivered\ngroup by customer_id' },
  { id: 'c_delivered', kind: 'sql', name: 'delivered', source: "select order_id, customer_id, currency\nfrom orders\nwhere status = 'delivered'", collapsed: false },
  {
    id: 'c_checks',
    kind: 'check',
    model: 'per_customer',
    checks: [
      { id: 'k_nn', kind: 'not_null', column: 'customer_id' },
      { id: 'k_uq', kind: 'unique', columns: ['customer_id'] },
      { id: 'k_big', kind: 'expression', predicate: 'orders > 100' },
    ],
  },
  { id: 'c_broken', kind: 'sql', name: 'broken', source: 'select no_such_column from orders' },
];

function input(cells: Cell[], sandbox: RecordInput['sandbox'] = { spec: SPEC, datasets: DEMO_DATASETS }): RecordInput {
  return {
    notebook: { id: 'nb_00000000000000a1', revision: 3, cells },
    sandbox,
    engine: { bundle: 'wasm-eh', packageVersion: '@duckdb/duckdb-wasm@1.32.0' },
    author: { id: 'u_ana', name: 'Ana Analyst' },
    parent: null,
    annotations: { title: 'Delivered orders', hypothesis: '', notes: '', tags: ['orders'] },
    timings: { c_delivered: 12.5, c_per_customer: 3, c_gone: 1 },
    log: [{ at: 0, level: 'info', message: 'run started' }],
    createdAt: new Date('2026-11-25T10:00:00.000Z'),
  };
}

describe('recordExperiment on the browser engine (DuckDB-WASM in Node)', () => {
  let engine: Engine;
  const run = async (cells: Cell[]) => {
    await new NotebookRunner(async () => engine, runChecks).run(cells, SOURCES, { targets: 'all', downstream: false });
    return recordExperiment(engine, input(cells));
  };

  beforeAll(async () => {
    engine = await createWasmNodeEngine();
    await generateSandbox(engine, DEMO_DATASETS, SPEC);
  });
  afterAll(() => engine.close());

  it('records the cells without layout, the inputs, every built model in run order and the checks', async () => {
    const artifact = await run(CELLS);
    const { content } = artifact;
    expect(artifact.format).toBe(ARTIFACT_FORMAT);
    expect(content.cells.map((cell) => cell.id)).toEqual(CELLS.map((cell) => cell.id));
    expect(content.cells.every((cell) => !('collapsed' in cell))).toBe(true);
    expect(content.engine).toEqual({ duckdbVersion: 'v1.4.3', bundle: 'wasm-eh', packageVersion: '@duckdb/duckdb-wasm@1.32.0' });
    expect(content.sandbox.spec).toEqual(SPEC);
    expect(Object.keys(content.sandbox.tables).sort()).toEqual(['customers', 'order_items', 'orders', 'products']);
    expect(content.sandbox.tables.orders).toEqual(await fingerprintTable(engine, 'orders'));
    expect(content.seeds).toEqual({ sandbox: 7 });
    // The broken cell built no table: it is not a model of the artifact.
    expect(content.models.map((m) => m.name)).toEqual(['delivered', 'per_customer']);
    const delivered = content.models[0]!;
    expect(delivered.schema).toEqual([
      { name: 'order_id', type: 'BIGINT' },
      { name: 'customer_id', type: 'BIGINT' },
      { name: 'currency', type: 'VARCHAR' },
    ]);
    expect(delivered.rowCount).toBe(Number((await engine.query("select count(*) from orders where status = 'delivered'")).rows[0]![0]));
    expect(delivered.fingerprint).toMatch(/^fp2:[0-9a-f]{64}$/);
    expect(delivered.preview.columns).toEqual(['order_id', 'customer_id', 'currency']);
    expect(delivered.preview.rows).toHaveLength(20);
    expect(delivered.preview.rows[0]!.every((value) => typeof value === 'string')).toBe(true);
    expect(content.checks.map((c) => [c.cellId, c.checkId, c.status])).toEqual([
      ['c_checks', 'k_nn', 'pass'],
      ['c_checks', 'k_uq', 'pass'],
      ['c_checks', 'k_big', 'fail'],
    ]);
    expect(content.timings).toEqual({ c_delivered: 12.5, c_per_customer: 3 });
    expect(content.reproducible).toEqual({ ok: true });
    expect(await artifactId(content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('flags now(), get_current_timestamp() and an unseeded random() as not reproducible, and records setseed', async () => {
    const artifact = await run([
      { id: 'c_stamp', kind: 'sql', name: 'stamped', source: 'select now()::TIMESTAMP as at,\n  epoch_ms(get_current_timestamp()) as ms' },
      { id: 'c_draw', kind: 'sql', name: 'drawn', source: 'select random() as r' },
      { id: 'c_seed', kind: 'sql', name: 'seeded', source: 'select setseed(0.5) as s' },
    ]);
    const reproducible = artifact.content.reproducible;
    expect(reproducible.ok).toBe(false);
    const reasons = reproducible.ok ? [] : reproducible.reasons;
    expect(reasons).toEqual([
      expect.stringMatching(/^cell c_stamp, line 1: now\(\) depends on the moment/),
      expect.stringMatching(/^cell c_stamp, line 2: get_current_timestamp\(\) depends on the moment/),
      expect.stringMatching(/^cell c_draw, line 1: random\(\) draws from an unseeded random source/),
    ]);
    expect(artifact.content.seeds).toEqual({ sandbox: 7, setseed: 0.5 });
    expect(artifact.content.models.map((m) => m.name)).toEqual(['stamped', 'drawn', 'seeded']);
  });

  it('refuses a run without a sandbox, and reports the first invalid field', async () => {
    await expect(recordExperiment(engine, input(CELLS, null))).rejects.toThrow(RecordError);
    await expect(recordExperiment(engine, { ...input(CELLS), notebook: { id: 'nope', revision: 1, cells: CELLS } })).rejects.toThrow(
      /not valid: content\.notebook\.id: a notebook id/,
    );
  });
});
