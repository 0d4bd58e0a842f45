import dagre from '@dagrejs/dagre';
import type { LineageGraph } from './graph';

export const NODE_WIDTH = 230;
export const HEADER_HEIGHT = 44;
export const ROW_HEIGHT = 20;

export type PlacedTable = { name: string; x: number; y: number; width: number; height: number };
export type PlacedEdge = { from: string; to: string; points: { x: number; y: number }[] };
export type Layout = { width: number; height: number; tables: Map<string, PlacedTable>; edges: PlacedEdge[] };

/** Left-to-right layered layout (dagre) of the table graph; an expanded table is as tall as its
 * column list. x/y are the top-left corners. */
export function layoutGraph(graph: LineageGraph, expanded: ReadonlySet<string>): Layout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 90, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const table of graph.tables) {
    const rows = expanded.has(table.name) ? table.columns.length : 0;
    g.setNode(table.name, { width: NODE_WIDTH, height: HEADER_HEIGHT + rows * ROW_HEIGHT + (rows > 0 ? 6 : 0) });
  }
  for (const edge of graph.edges) g.setEdge(edge.from, edge.to);
  dagre.layout(g);
  const tables = new Map<string, PlacedTable>();
  for (const name of g.nodes()) {
    const node = g.node(name);
    tables.set(name, { name, x: node.x - node.width / 2, y: node.y - node.height / 2, width: node.width, height: node.height });
  }
  const edges = g.edges().map((e) => ({ from: e.v, to: e.w, points: g.edge(e).points ?? [] }));
  const size = g.graph();
  return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), tables, edges };
}
