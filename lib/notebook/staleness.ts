import type { NotebookGraph } from './graph';
import type { Cell } from './schema';

/** What a cell ran with: its code and its inputs (each upstream cell's finished-run count, the
 * sources it read and the sandbox generation they came from). */
export type RanWith = { code: string; inputs: string };

/** The part of a cell that decides its result; layout (collapsed) and markdown are not code. */
export function codeOf(cell: Cell): string {
  switch (cell.kind) {
    case 'sql':
      return JSON.stringify([cell.name, cell.source.replace(/[\s;]+$/u, '')]);
    case 'check':
      return JSON.stringify([cell.model, cell.checks]);
    case 'chart':
      return JSON.stringify([cell.model, cell.spec]);
    case 'markdown':
      return '';
    default:
      return assertNever(cell);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

/** The inputs of a graph node now: `finished` counts each upstream cell's finished runs. */
export function inputsOf(graph: NotebookGraph, cellId: string, finished: (cellId: string) => number, sourcesGeneration: number): string {
  const node = graph.nodes.get(cellId);
  if (!node) return '';
  return JSON.stringify([node.upstream.map((up) => [up, finished(up)]), node.sources, node.sources.length > 0 ? sourcesGeneration : 0]);
}

/**
 * Cells whose shown outcome is stale: exactly those whose code or an input changed since they ran,
 * an input being an upstream cell that finished another run (or is itself stale), a different set of
 * upstream cells or sources, or regenerated sandbox data. A cell that never ran is not stale.
 */
export function staleCells(
  cells: Cell[],
  graph: NotebookGraph,
  ran: ReadonlyMap<string, RanWith>,
  finished: (cellId: string) => number,
  sourcesGeneration: number,
): Set<string> {
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  const stale = new Set<string>();
  for (const id of graph.order) if (judge(id, byId.get(id), graph, ran, finished, sourcesGeneration, stale)) stale.add(id);
  return stale;
}

/** Whether one cell is stale, its upstream cells already judged in `stale`. */
function judge(
  id: string,
  cell: Cell | undefined,
  graph: NotebookGraph,
  ran: ReadonlyMap<string, RanWith>,
  finished: (cellId: string) => number,
  sourcesGeneration: number,
  stale: ReadonlySet<string>,
): boolean {
  const before = ran.get(id);
  if (before === undefined || cell === undefined) return false;
  return (
    before.code !== codeOf(cell) ||
    before.inputs !== inputsOf(graph, id, finished, sourcesGeneration) ||
    graph.nodes.get(id)!.upstream.some((up) => stale.has(up))
  );
}

/** Each cell's readers in the graph, and its place in the run order (kept per graph). */
type GraphIndex = { readers: Map<string, string[]>; position: Map<string, number> };
const indexes = new WeakMap<NotebookGraph, GraphIndex>();

function graphIndex(graph: NotebookGraph): GraphIndex {
  let index = indexes.get(graph);
  if (index === undefined) {
    const readers = new Map<string, string[]>();
    for (const id of graph.order) {
      for (const up of graph.nodes.get(id)!.upstream) {
        const list = readers.get(up);
        if (list) list.push(id);
        else readers.set(up, [id]);
      }
    }
    index = { readers, position: new Map(graph.order.map((id, i) => [id, i])) };
    indexes.set(graph, index);
  }
  return index;
}

/**
 * staleCells after `finishedCell` finished a run, worked out from the stale set before it (`stale`,
 * updated in place) instead of from every cell: only the cell and what reads it can change, and the
 * walk stops at a reader that stays as it was. A Run all of a chain of n cells so costs O(n), not O(n²).
 * Returns the cells looked at, which include every cell whose membership changed.
 */
export function restaleAfter(
  stale: Set<string>,
  finishedCell: string,
  cellOf: (cellId: string) => Cell | undefined,
  graph: NotebookGraph,
  ran: ReadonlyMap<string, RanWith>,
  finished: (cellId: string) => number,
  sourcesGeneration: number,
): string[] {
  const { readers, position } = graphIndex(graph);
  if (!position.has(finishedCell)) return [];
  // Its finished runs are an input of each reader, so those are looked at whatever the cell's own flag does.
  const pending = new Set([finishedCell, ...(readers.get(finishedCell) ?? [])]);
  const seen: string[] = [];
  while (pending.size > 0) {
    // Upstream before downstream: the next one in run order.
    let id = '';
    for (const candidate of pending) if (id === '' || position.get(candidate)! < position.get(id)!) id = candidate;
    pending.delete(id);
    seen.push(id);
    const now = judge(id, cellOf(id), graph, ran, finished, sourcesGeneration, stale);
    if (now === stale.has(id)) continue;
    if (now) stale.add(id);
    else stale.delete(id);
    for (const reader of readers.get(id) ?? []) pending.add(reader);
  }
  return seen;
}
