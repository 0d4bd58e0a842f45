import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { NotebookRunner } from './runner';
import type { Cell, SqlCell } from './schema';

const sql = (name: string, source: string): SqlCell => ({ id: name, kind: 'sql', name, source });
const A = sql('a', 'select id from src');
const B = sql('b', 'select count(*) as n from a');
const X = sql('x', 'select 42 as answer');
const CHECK: Cell = { id: 'check_a', kind: 'check', model: 'a', checks: [{ id: 'k', kind: 'not_null', column: 'id' }] };

type Step =
  | { do: 'edit'; cells: Cell[] } // what the page holds now; not yet analysed (typing)
  | { do: 'analyze' } // the debounced analysis after typing pauses
  | { do: 'run'; targets: string[] | 'all'; downstream: boolean }
  | { do: 'regenerate' };

type Case = { name: string; cells: Cell[]; steps: Step[]; stale: string[] };

const edit = (cells: Cell[]): Step => ({ do: 'edit', cells });
const analyze: Step = { do: 'analyze' };
const runAll: Step = { do: 'run', targets: 'all', downstream: true };
const run = (id: string, downstream: boolean): Step => ({ do: 'run', targets: [id], downstream });

// Staleness means exactly "its code or an input changed since it ran". Every case starts from a
// notebook that ran completely once.
const CASES: Case[] = [
  { name: 'nothing changed', cells: [A, B], steps: [analyze], stale: [] },
  { name: 'adding a cell marks nothing stale', cells: [A, B], steps: [edit([A, B, sql('c', '')]), analyze], stale: [] },
  { name: 'adding a markdown cell marks nothing stale', cells: [A, B], steps: [edit([A, { id: 'm', kind: 'markdown', source: '' }, B]), analyze], stale: [] },
  { name: 'collapsing a cell is not an edit', cells: [A, B, CHECK], steps: [edit([{ ...A, collapsed: true }, B, { ...CHECK, collapsed: true }]), analyze], stale: [] },
  { name: 'editing a cell marks it and what reads it', cells: [A, B, X], steps: [edit([{ ...A, source: 'select id from src where id < 5' }, B, X]), analyze], stale: ['a', 'b'] },
  { name: 'a check on an edited model is stale', cells: [A, CHECK], steps: [edit([{ ...A, source: 'select id from src where id < 5' }, CHECK]), analyze], stale: ['a', 'check_a'] },
  { name: 'editing a check marks only the check', cells: [A, CHECK], steps: [edit([A, { ...CHECK, checks: [] }]), analyze], stale: ['check_a'] },
  {
    name: 'running within the edit debounce leaves a fresh result',
    cells: [A, B],
    steps: [edit([{ ...A, source: 'select id from src where id < 5' }, B]), run('a', true), analyze],
    stale: [],
  },
  {
    name: 'editing back to what ran is fresh again',
    cells: [A, B],
    steps: [edit([{ ...A, source: 'select 1 as id' }, B]), analyze, edit([A, B]), analyze],
    stale: [],
  },
  { name: 'trailing semicolons and blank lines are not code', cells: [A, B], steps: [edit([{ ...A, source: `${A.source};\n\n` }, B]), analyze], stale: [] },
  {
    name: 'a manual run of an edited cell leaves its readers stale',
    cells: [A, B],
    steps: [edit([{ ...A, source: 'select id from src where id < 5' }, B]), analyze, run('a', false)],
    stale: ['b'],
  },
  { name: 'a manual run of an unchanged cell still changes its input for readers', cells: [A, B], steps: [run('a', false)], stale: ['b'] },
  {
    name: 'an upstream error makes its readers stale, the failed cell is not',
    cells: [A, B],
    steps: [edit([{ ...A, source: 'select nope from src' }, B]), run('a', false)],
    stale: ['b'],
  },
  { name: 'renaming a model marks it and its readers', cells: [A, B], steps: [edit([{ ...A, name: 'a2' }, B]), analyze], stale: ['a', 'b'] },
  { name: 'deleting an input marks its readers', cells: [A, B, X], steps: [edit([B, X]), analyze], stale: ['b'] },
  { name: 'regenerated sandbox data marks what read a source, not the rest', cells: [A, B, X], steps: [{ do: 'regenerate' }], stale: ['a', 'b'] },
  { name: 'run all after anything leaves nothing stale', cells: [A, B, X], steps: [{ do: 'regenerate' }, edit([{ ...A, source: 'select 1 as id' }, B, X]), runAll], stale: [] },
];

describe('staleness: exactly "its code or an input changed since it ran"', () => {
  let engine: Engine;
  const sources = new Set(['src']);
  beforeAll(async () => {
    engine = await createWasmNodeEngine();
    await engine.query('CREATE TABLE src AS SELECT range AS id FROM range(10)');
  });
  afterAll(() => engine.close());

  it.each(CASES)('$name', async ({ cells: start, steps, stale }) => {
    const runner = new NotebookRunner(async () => engine, async () => [{ status: 'pass' as const }]);
    let cells = start;
    await runner.run(cells, sources, { targets: 'all', downstream: true });
    for (const step of steps) {
      if (step.do === 'edit') cells = step.cells;
      else if (step.do === 'analyze') await runner.analyze(cells, sources);
      else if (step.do === 'run') await runner.run(cells, sources, { targets: step.targets, downstream: step.downstream });
      else runner.invalidateSources();
    }
    const shown = Object.entries(runner.getSnapshot().cells).flatMap(([id, state]) => (state.stale ? [id] : []));
    expect(shown.sort()).toEqual([...stale].sort());
  });
});
