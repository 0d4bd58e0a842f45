import { describe, expect, it } from 'vitest';
import { cellLabel, cellsReducer, newCell, nextModelName, type CellAction } from './cells';
import type { Cell } from './schema';

const sql = (name: string, source = ''): Cell => ({ id: name, kind: 'sql', name, source });
const md: Cell = { id: 'md', kind: 'markdown', source: '# hi' };
const start = [sql('a', 'select 1'), md, sql('b', 'select 2')];

/** The list as text: one line per cell, so a test reads like the notebook. */
const show = (cells: Cell[]) => cells.map((c) => `${c.id}:${c.kind === 'sql' ? `${c.name}=${c.source}` : c.kind}${c.collapsed ? ' (collapsed)' : ''}`);

describe('cell list reducer', () => {
  it.each<[string, CellAction, string[]]>([
    ['adds at the end', { type: 'add', cell: sql('c') }, ['a:a=select 1', 'md:markdown', 'b:b=select 2', 'c:c=']],
    ['adds above a cell', { type: 'add', cell: sql('c'), at: { id: 'md', where: 'above' } }, ['a:a=select 1', 'c:c=', 'md:markdown', 'b:b=select 2']],
    ['adds below a cell', { type: 'add', cell: sql('c'), at: { id: 'b', where: 'below' } }, ['a:a=select 1', 'md:markdown', 'b:b=select 2', 'c:c=']],
    ['edits the source', { type: 'edit', id: 'a', patch: { source: 'select 3' } }, ['a:a=select 3', 'md:markdown', 'b:b=select 2']],
    ['renames a model', { type: 'edit', id: 'b', patch: { name: 'bee' } }, ['a:a=select 1', 'md:markdown', 'b:bee=select 2']],
    ['deletes', { type: 'delete', id: 'md' }, ['a:a=select 1', 'b:b=select 2']],
    ['duplicates below with a free name', { type: 'duplicate', id: 'a', newId: 'a2' }, ['a:a=select 1', 'a2:a_copy_2=select 1', 'md:markdown', 'b:b=select 2']],
    ['moves down', { type: 'move', id: 'a', delta: 1 }, ['md:markdown', 'a:a=select 1', 'b:b=select 2']],
    ['does not move past the top', { type: 'move', id: 'a', delta: -1 }, ['a:a=select 1', 'md:markdown', 'b:b=select 2']],
    ['drops onto another cell', { type: 'drop', id: 'b', onto: 'a' }, ['b:b=select 2', 'a:a=select 1', 'md:markdown']],
    ['collapses', { type: 'toggle-collapse', id: 'md' }, ['a:a=select 1', 'md:markdown (collapsed)', 'b:b=select 2']],
  ])('%s', (_name, action, expected) => {
    expect(show(cellsReducer(start, action))).toEqual(expected);
  });

  it('keeps the identity of cells an action does not touch (so their views need not re-render)', () => {
    const next = cellsReducer(start, { type: 'edit', id: 'a', patch: { source: 'select 9' } });
    expect(next[0]).not.toBe(start[0]);
    expect(next[1]).toBe(start[1]);
    expect(next[2]).toBe(start[2]);
    expect(cellsReducer(start, { type: 'move', id: 'b', delta: 1 })).toBe(start);
  });

  it('names new cells after the first free model name and starts checks and charts on the last model', () => {
    expect(nextModelName([sql('model_2')])).toBe('model_3');
    expect(newCell('sql', 'n', [sql('model_2')], [])).toEqual({ id: 'n', kind: 'sql', name: 'model_3', source: '' });
    expect(newCell('check', 'n', [], [{ name: 'orders', columns: [] }])).toEqual({ id: 'n', kind: 'check', model: 'orders', checks: [] });
    expect(newCell('chart', 'n', [], [{ name: 'orders', columns: [] }])).toMatchObject({ kind: 'chart', model: 'orders' });
    expect(cellLabel(newCell('check', 'n', [], [{ name: 'orders', columns: [] }]))).toBe('Check cell on orders');
  });
});
