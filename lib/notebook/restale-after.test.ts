import { describe, expect, it } from 'vitest';
import type { GraphNode, NotebookGraph } from './graph';
import type { SqlCell } from './schema';
import { codeOf, inputsOf, restaleAfter, staleCells, type RanWith } from './staleness';

/** A small seeded generator (mulberry32), so a failing case can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cell = (i: number): SqlCell => ({ id: `c${i}`, kind: 'sql', name: `m${i}`, source: `select ${i}` });

function graphOf(upstream: string[][], sources: string[][]): NotebookGraph {
  const nodes = new Map<string, GraphNode>(
    upstream.map((ups, i) => [`c${i}`, { cellId: `c${i}`, defines: `m${i}`, upstream: ups, sources: sources[i]!, error: null, warning: null }]),
  );
  return { nodes, order: upstream.map((_, i) => `c${i}`) };
}

describe('restaleAfter', () => {
  it('keeps the same stale set as judging every cell, over random graphs, histories and finished runs', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = generator(seed);
      const n = 2 + Math.floor(random() * 14);
      const cells = Array.from({ length: n }, (_, i) => cell(i));
      const upstream = cells.map((_, i) => cells.slice(0, i).filter(() => random() < 0.3).map((c) => c.id));
      const graph = graphOf(upstream, cells.map(() => (random() < 0.3 ? ['src'] : [])));
      const finishedRuns = new Map<string, number>();
      const finished = (id: string) => finishedRuns.get(id) ?? 0;
      const generation = 1 + Math.floor(random() * 2);
      // Some cells never ran, some ran with older code or older inputs, some are fresh.
      const ran = new Map<string, RanWith>();
      for (const c of cells) {
        finishedRuns.set(c.id, Math.floor(random() * 3));
        const roll = random();
        if (roll < 0.2) continue;
        ran.set(c.id, { code: roll < 0.35 ? 'older code' : codeOf(c), inputs: roll < 0.5 ? 'older inputs' : inputsOf(graph, c.id, finished, generation) });
      }
      const stale = staleCells(cells, graph, ran, finished, generation);
      for (let step = 0; step < 3 * n; step++) {
        const done = cells[Math.floor(random() * n)]!;
        ran.set(done.id, { code: codeOf(done), inputs: inputsOf(graph, done.id, finished, generation) });
        finishedRuns.set(done.id, finished(done.id) + 1);
        const before = new Set(stale);
        const looked = restaleAfter(stale, done.id, (id) => cells.find((c) => c.id === id), graph, ran, finished, generation);
        const expected = staleCells(cells, graph, ran, finished, generation);
        expect([...stale].sort(), `seed ${seed}, step ${step}, ${done.id} finished`).toEqual([...expected].sort());
        const changed = cells.filter((c) => before.has(c.id) !== stale.has(c.id)).map((c) => c.id);
        expect(looked).toEqual(expect.arrayContaining(changed));
      }
    }
  });

  it('looks at each cell a bounded number of times in a Run all of a chain, not once per finished cell', () => {
    const cells = Array.from({ length: 100 }, (_, i) => cell(i));
    const graph = graphOf(cells.map((_, i) => (i === 0 ? [] : [`c${i - 1}`])), cells.map(() => []));
    const finishedRuns = new Map<string, number>();
    const finished = (id: string) => finishedRuns.get(id) ?? 0;
    const ran = new Map<string, RanWith>(cells.map((c) => [c.id, { code: codeOf(c), inputs: inputsOf(graph, c.id, finished, 0) }]));
    const stale = staleCells(cells, graph, ran, finished, 0);
    expect(stale.size).toBe(0);
    const looked: number[] = [];
    for (const c of cells) {
      ran.set(c.id, { code: codeOf(c), inputs: inputsOf(graph, c.id, finished, 0) });
      finishedRuns.set(c.id, finished(c.id) + 1);
      looked.push(restaleAfter(stale, c.id, (id) => cells.find((other) => other.id === id), graph, ran, finished, 0).length);
    }
    // The first finish makes the rest of the chain stale (its reader's input changed); from then on each
    // finish looks at the cell and its reader, which stays stale, and the walk stops there.
    expect(looked[0]).toBe(cells.length);
    expect(looked.slice(1).every((count) => count === 2 || count === 1)).toBe(true);
    expect([...stale]).toEqual([]);
  });
});
