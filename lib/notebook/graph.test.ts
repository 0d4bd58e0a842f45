import { describe, expect, it } from 'vitest';
import { buildGraph, downstreamOf, upstreamOf, type CellReads } from './graph';
import type { Cell } from './schema';

const sql = (name: string): Cell => ({ id: name, kind: 'sql', name, source: '' });
const reads = (entries: Record<string, string[] | string>) =>
  new Map<string, CellReads>(
    Object.entries(entries).map(([id, r]) => [id, typeof r === 'string' ? { ok: false, message: r } : { ok: true, tables: r }]),
  );
const sources = new Set(['orders', 'customers']);

describe('notebook dependency graph', () => {
  it('orders cells topologically, keeping notebook order among independent cells', () => {
    const cells = [sql('report'), sql('clean'), sql('other'), sql('base')];
    const graph = buildGraph(cells, reads({ report: ['clean'], clean: ['base'], other: ['orders'], base: ['orders', 'customers'] }), sources);
    expect(graph.order).toEqual(['other', 'base', 'clean', 'report']);
    expect(graph.nodes.get('base')).toMatchObject({ upstream: [], sources: ['orders', 'customers'], error: null });
    expect(graph.nodes.get('report')?.upstream).toEqual(['clean']);
  });

  it('finds what to re-run after an edit and what a cell needs first', () => {
    const cells = [sql('a'), sql('b'), sql('c'), sql('d')];
    const graph = buildGraph(cells, reads({ a: ['orders'], b: ['a'], c: ['b'], d: ['orders'] }), sources);
    expect(downstreamOf(graph, 'a')).toEqual(['a', 'b', 'c']);
    expect(upstreamOf(graph, ['c'])).toEqual(['a', 'b', 'c']);
    expect(downstreamOf(graph, 'd')).toEqual(['d']);
  });

  it('names a cycle on every cell in it, and blocks what reads from it', () => {
    const cells = [sql('a'), sql('b'), sql('c')];
    const graph = buildGraph(cells, reads({ a: ['b'], b: ['a'], c: ['a'] }), sources);
    expect(graph.nodes.get('a')?.error).toBe('cycle: a → b → a');
    expect(graph.nodes.get('b')?.error).toBe('cycle: b → a → b');
    expect(graph.nodes.get('c')?.error).toBe('upstream model a has an error');
  });

  it('reports a model reading itself, unknown names, duplicates and shadowed sources', () => {
    const cells: Cell[] = [sql('self'), sql('lost'), { ...sql('twin'), id: 't1' }, { ...sql('twin'), id: 't2' }, sql('orders')];
    const graph = buildGraph(cells, reads({ self: ['self'], lost: ['nowhere', 'customers'] }), sources);
    expect(graph.nodes.get('self')?.error).toBe('the model self reads itself');
    expect(graph.nodes.get('lost')).toMatchObject({
      error: null,
      warning: 'unknown name nowhere: not a model of this notebook nor a sandbox source',
    });
    expect(graph.nodes.get('t1')?.error).toBe('two cells define the model twin: rename one of them');
    expect(graph.nodes.get('t2')?.error).toBe('two cells define the model twin: rename one of them');
    expect(graph.nodes.get('orders')?.error).toBe('the model orders has the name of a sandbox source: rename it');
  });

  it("keeps DuckDB's parser error on the cell", () => {
    const graph = buildGraph([sql('bad')], reads({ bad: 'Parser Error: syntax error at or near "selec"' }), sources);
    expect(graph.nodes.get('bad')?.error).toBe('Parser Error: syntax error at or near "selec"');
  });

  it('places check and chart cells after the models they read', () => {
    const cells: Cell[] = [
      { id: 'chk', kind: 'check', model: 'b', checks: [{ id: 'r', kind: 'relationships', column: 'x', to: 'a', toColumn: 'x' }] },
      { id: 'chart', kind: 'chart', model: 'a', spec: {} },
      { id: 'md', kind: 'markdown', source: '' },
      sql('b'),
      sql('a'),
    ];
    const graph = buildGraph(cells, reads({ a: ['orders'], b: ['a'] }), sources);
    expect(graph.order).toEqual(['a', 'chart', 'b', 'chk']);
    expect(graph.nodes.has('md')).toBe(false);
    expect(downstreamOf(graph, 'a')).toEqual(['a', 'chart', 'b', 'chk']);
  });
});
