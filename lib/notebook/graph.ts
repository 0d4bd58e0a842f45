import type { Cell } from './schema';

/** What a cell reads: found by DuckDB's parser for SQL cells, declared for check and chart cells. */
export type CellReads = { ok: true; tables: string[] } | { ok: false; message: string };

export type GraphNode = {
  cellId: string;
  /** The model a SQL cell defines. */
  defines: string | null;
  /** Cells whose models this cell reads, in run order. */
  upstream: string[];
  sources: string[];
  /** Why this cell cannot run; null when it can. */
  error: string | null;
  /** Names that are neither a model nor a source: the cell still runs, so DuckDB reports them with
   * their line and its suggestions, but the notebook can say so before any run. */
  warning: string | null;
};

export type NotebookGraph = {
  nodes: Map<string, GraphNode>;
  /** Every runnable cell (SQL, check, chart) in a topological order; ties keep notebook order. */
  order: string[];
};

function declaredReads(cell: Cell): string[] {
  if (cell.kind === 'check') {
    const targets = cell.checks.flatMap((check) => (check.kind === 'relationships' ? [check.to] : []));
    return [cell.model, ...targets];
  }
  if (cell.kind === 'chart') return [cell.model];
  return [];
}

const label = (cell: Cell | undefined) => (cell?.kind === 'sql' ? cell.name : (cell?.kind ?? '?'));

/**
 * The notebook's dependency graph. `reads` holds the parser's answer for each SQL cell (a cell that is
 * missing from it is treated as reading nothing yet). Duplicate model names, models that shadow a
 * source, unknown names and cycles become errors on the cells involved; cells downstream of an
 * erroneous cell get an error naming it.
 */
export function buildGraph(cells: Cell[], reads: ReadonlyMap<string, CellReads>, sources: ReadonlySet<string>): NotebookGraph {
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  const definers = new Map<string, string[]>();
  for (const cell of cells) {
    if (cell.kind === 'sql') definers.set(cell.name, [...(definers.get(cell.name) ?? []), cell.id]);
  }

  const nodes = new Map<string, GraphNode>();
  for (const cell of cells) {
    if (cell.kind === 'markdown') continue;
    const node: GraphNode = { cellId: cell.id, defines: cell.kind === 'sql' ? cell.name : null, upstream: [], sources: [], error: null, warning: null };
    nodes.set(cell.id, node);
    if (cell.kind === 'sql' && (definers.get(cell.name)?.length ?? 0) > 1) {
      node.error = `two cells define the model ${cell.name}: rename one of them`;
      continue;
    }
    if (cell.kind === 'sql' && sources.has(cell.name)) {
      node.error = `the model ${cell.name} has the name of a sandbox source: rename it`;
      continue;
    }
    const read = cell.kind === 'sql' ? (reads.get(cell.id) ?? { ok: true, tables: [] }) : { ok: true as const, tables: declaredReads(cell) };
    if (!read.ok) {
      node.error = read.message;
      continue;
    }
    const unknown: string[] = [];
    for (const table of new Set(read.tables)) {
      const definer = definers.get(table)?.[0];
      if (definer === cell.id) {
        node.error = `the model ${table} reads itself`;
      } else if (definer !== undefined) {
        node.upstream.push(definer);
      } else if (sources.has(table)) {
        node.sources.push(table);
      } else {
        unknown.push(table);
      }
    }
    if (node.error === null && unknown.length > 0) {
      node.warning = `unknown ${unknown.length === 1 ? 'name' : 'names'} ${unknown.join(', ')}: not a model of this notebook nor a sandbox source`;
    }
  }

  for (const cycle of findCycles(nodes)) {
    const names = cycle.map((id) => label(byId.get(id)));
    for (const [i, id] of cycle.entries()) {
      // Each cell reads the cycle starting from itself.
      const path = [...names.slice(i), ...names.slice(0, i)];
      nodes.get(id)!.error = `cycle: ${[...path, path[0]].join(' → ')}`;
    }
  }

  const order = topologicalOrder(cells, nodes);
  // Errors flow downstream: a cell whose input cannot be built cannot run either.
  for (const id of order) {
    const node = nodes.get(id)!;
    if (node.error !== null) continue;
    const broken = node.upstream.find((up) => nodes.get(up)?.error !== null);
    if (broken !== undefined) node.error = `upstream model ${label(byId.get(broken))} has an error`;
  }
  return { nodes, order };
}

/** Strongly connected components with more than one cell (Tarjan). */
function findCycles(nodes: Map<string, GraphNode>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (id: string) => {
    index.set(id, next);
    low.set(id, next);
    next += 1;
    stack.push(id);
    onStack.add(id);
    for (const up of nodes.get(id)?.upstream ?? []) {
      if (!index.has(up)) {
        visit(up);
        low.set(id, Math.min(low.get(id)!, low.get(up)!));
      } else if (onStack.has(up)) {
        low.set(id, Math.min(low.get(id)!, index.get(up)!));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      if (component.length > 1) cycles.push(component.reverse());
    }
  };
  for (const id of nodes.keys()) if (!index.has(id)) visit(id);
  return cycles;
}

/** Kahn's algorithm, always taking the earliest cell in notebook order that is ready; cells in a cycle
 * come last, in notebook order. */
function topologicalOrder(cells: Cell[], nodes: Map<string, GraphNode>): string[] {
  const position = new Map(cells.map((cell, i) => [cell.id, i]));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of nodes.values()) {
    waiting.set(node.cellId, node.upstream.length);
    for (const up of node.upstream) dependents.set(up, [...(dependents.get(up) ?? []), node.cellId]);
  }
  const ready = [...nodes.keys()].filter((id) => waiting.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(id);
    for (const dependent of dependents.get(id) ?? []) {
      const left = waiting.get(dependent)! - 1;
      waiting.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  const rest = [...nodes.keys()].filter((id) => !order.includes(id)).sort((a, b) => position.get(a)! - position.get(b)!);
  return [...order, ...rest];
}

/** `cellId` and every cell that reads it, directly or not, in run order. */
export function downstreamOf(graph: NotebookGraph, cellId: string): string[] {
  const reached = new Set([cellId]);
  for (const id of graph.order) {
    if (graph.nodes.get(id)?.upstream.some((up) => reached.has(up))) reached.add(id);
  }
  return graph.order.filter((id) => reached.has(id));
}

/** `cellIds` and every cell they read from, directly or not, in run order. */
export function upstreamOf(graph: NotebookGraph, cellIds: string[]): string[] {
  const reached = new Set<string>();
  const visit = (id: string) => {
    if (reached.has(id)) return;
    reached.add(id);
    for (const up of graph.nodes.get(id)?.upstream ?? []) visit(up);
  };
  for (const id of cellIds) visit(id);
  return graph.order.filter((id) => reached.has(id));
}
