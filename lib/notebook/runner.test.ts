import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { NotebookRunner } from './runner';
import type { Cell } from './schema';

const sql = (name: string, source: string): Cell => ({ id: name, kind: 'sql', name, source });
const noChecks = async () => [];

// The browser's engine (DuckDB-WASM) in Node: the runner is the code the notebook page uses.
describe('notebook runner', () => {
  let engine: Engine;
  let runner: NotebookRunner;
  const sources = new Set(['src']);
  beforeAll(async () => {
    engine = await createWasmNodeEngine();
    await engine.query('CREATE TABLE src AS SELECT range AS id FROM range(10)');
  });
  afterAll(() => engine.close());
  const fresh = () => (runner = new NotebookRunner(async () => engine, noChecks));
  const state = (id: string) => runner.getSnapshot().cells[id]!;

  it('runs a cell after the upstream cells it needs, then re-runs downstream after an edit', async () => {
    fresh();
    let cells = [sql('second', 'select count(*) as n from first'), sql('first', 'select * from src where id < 5')];
    await runner.run(cells, sources, { targets: ['second'], downstream: true });
    expect(state('first')).toMatchObject({ phase: 'done', runId: 1 });
    expect(state('second')).toMatchObject({ phase: 'done', runId: 1, result: { rowCount: 1 } });
    expect((await engine.query('select n from second')).rows).toEqual([['5']]);

    cells = [cells[0]!, sql('first', 'select * from src where id < 8')];
    await runner.analyze(cells, sources);
    expect(state('second').stale).toBe(true);
    await runner.run(cells, sources, { targets: ['first'], downstream: true });
    expect(state('second')).toMatchObject({ phase: 'done', stale: false, runId: 2 });
    expect((await engine.query('select n from second')).rows).toEqual([['8']]);
  });

  it('reads the first rows with the run when asked, as the grid shows them', async () => {
    const previewing = new NotebookRunner(async () => engine, noChecks, undefined, 3);
    await previewing.run([sql('p1', "select id, 'row ' || id as label from src where id >= 4")], sources, { targets: 'all', downstream: false });
    expect(previewing.cell('p1')?.result).toMatchObject({ rowCount: 6, rows: [['4', 'row 4'], ['5', 'row 5'], ['6', 'row 6']] });
    fresh();
    await runner.run([sql('p2', 'select 1 as one')], sources, { targets: 'all', downstream: false });
    expect(state('p2').result?.rows).toEqual([]);
  });

  it('batches its notifications, and asks for the one that ends a run at once', async () => {
    const asked: boolean[] = [];
    let waiting: (() => void) | null = null;
    const batching = new NotebookRunner(async () => engine, noChecks, (flush, urgent) => {
      asked.push(urgent);
      waiting = flush;
    });
    let told = 0;
    batching.subscribe(() => (told += 1));
    await batching.run([sql('b1', 'select 1 as x'), sql('b2', 'select x from b1')], sources, { targets: 'all', downstream: false });
    expect(asked).toEqual([false, true]);
    expect(told).toBe(0);
    waiting!();
    waiting!();
    expect(told).toBe(1);
    expect(batching.cell('b2')).toMatchObject({ phase: 'done' });
  });

  it('in manual mode runs only the cell and leaves dependents stale', async () => {
    fresh();
    const cells = [sql('m1', 'select 1 as x'), sql('m2', 'select x + 1 as y from m1')];
    await runner.run(cells, sources, { targets: 'all', downstream: false });
    const edited = [sql('m1', 'select 2 as x'), cells[1]!];
    await runner.analyze(edited, sources);
    await runner.run(edited, sources, { targets: ['m1'], downstream: false });
    expect(state('m1')).toMatchObject({ phase: 'done', stale: false, runId: 2 });
    expect(state('m2')).toMatchObject({ phase: 'done', stale: true, runId: 1 });
  });

  it('names a cycle on its cells and an upstream failure on what reads it', async () => {
    fresh();
    const cells = [sql('c1', 'select * from c2'), sql('c2', 'select * from c1'), sql('bad', 'select nope from src'), sql('after', 'select * from bad')];
    await runner.run(cells, sources, { targets: 'all', downstream: true });
    expect(state('c1').error?.message).toBe('cycle: c1 → c2 → c1');
    expect(state('bad')).toMatchObject({ phase: 'error', error: { line: 1 } });
    expect(state('bad').error?.message).toMatch(/^Binder Error: Referenced column "nope" not found/);
    expect(state('after').error?.message).toBe('upstream model bad did not run');
  });

  it('drops the table of a model that was renamed away', async () => {
    fresh();
    await runner.run([sql('old_name', 'select 1 as x')], sources, { targets: 'all', downstream: true });
    await runner.run([sql('new_name', 'select 1 as x')], sources, { targets: 'all', downstream: true });
    const { rows } = await engine.query("select table_name from duckdb_tables() where table_name in ('old_name', 'new_name')");
    expect(rows).toEqual([['new_name']]);
  });

  it('drops such a table before a cell that names it can read it, also from another notebook on the engine', async () => {
    fresh();
    await runner.run([sql('left_behind', 'select 1 as x')], sources, { targets: 'all', downstream: true });
    fresh();
    await runner.run([sql('reader', 'select * from left_behind')], sources, { targets: 'all', downstream: true });
    expect(state('reader').phase).toBe('error');
    expect(state('reader').error?.message).toMatch(/Table with name left_behind does not exist/);
  });

  it('cancels a long query and marks the cell cancelled', async () => {
    fresh();
    const cells = [sql('slow', 'select count(*) from range(3000000000) a')];
    const running = runner.run(cells, sources, { targets: 'all', downstream: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(state('slow').phase).toBe('running');
    await runner.cancel();
    await running;
    expect(state('slow').phase).toBe('cancelled');
    expect(runner.getSnapshot().busy).toBe(false);
  });

  it('shows DuckDB’s own message for a failing cell that mentions cancelled', async () => {
    fresh();
    const cells = [sql('by_status', "select * from src where status = 'cancelled'")];
    await runner.run(cells, sources, { targets: 'all', downstream: true });
    expect(state('by_status').phase).toBe('error');
    expect(state('by_status').error?.message).toMatch(/^Binder Error: Referenced column "status" not found/);
  });
});
