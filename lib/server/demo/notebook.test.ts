import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { NotebookRunner } from '@/lib/notebook/runner';
import { runChecks } from '@/lib/quality/checks';
import { defaultSandboxSpec, generateSandbox } from '@/lib/synth';
import { DEMO_DATASETS } from './catalog';
import { DEMO_NOTEBOOK_CELLS } from './seed';

// The demo notebook is a real ELT example: every model reads the generated sources (directly or
// through another model), every check passes on the demo sandbox, and the output has one row per category.

describe('the demo notebook', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createWasmNodeEngine();
    await generateSandbox(engine, DEMO_DATASETS, { ...defaultSandboxSpec(DEMO_DATASETS, 7), rows: { customers: 300, products: 60, orders: 2_000 } });
  });
  afterAll(() => engine.close());

  it('cleans, joins and aggregates the sources with passing checks', async () => {
    const cells = DEMO_NOTEBOOK_CELLS();
    const runner = new NotebookRunner(async () => engine, runChecks);
    await runner.run(cells, new Set(DEMO_DATASETS.map((d) => d.name)), { targets: 'all', downstream: false });
    const { cells: states, graph } = runner.getSnapshot();
    for (const cell of cells.filter((c) => c.kind === 'sql' || c.kind === 'check')) expect(states[cell.id]?.phase, cell.kind === 'sql' ? cell.name : cell.id).toBe('done');
    const checks = cells.flatMap((c) => (c.kind === 'check' ? (states[c.id]?.checks ?? []) : []));
    expect(checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
    const output = cells.find((c) => c.kind === 'sql' && c.name === 'revenue_by_product_category')!;
    expect(states[output.id]?.result?.columns.map((c) => c.name)).toEqual(['category', 'orders', 'units', 'revenue']);
    expect(states[output.id]?.result?.rowCount).toBe(6);
    const sources = cells.flatMap((c) => (c.kind === 'sql' ? (graph?.nodes.get(c.id)?.sources ?? []) : []));
    expect(new Set(sources)).toEqual(new Set(['orders', 'order_items', 'products']));
    expect(cells.some((c) => c.kind === 'sql' && /\brange\(/.test(c.source))).toBe(false);
  });
});
