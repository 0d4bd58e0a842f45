import { sensitivityOf } from './sensitivity';
import type { PipelineLineage } from './types';

export type GraphColumn = {
  name: string;
  type: string;
  /** The column is (a source column) or carries (a model column) pii/secret unmasked. */
  sensitivity: 'pii' | 'secret' | null;
  /** How it gets there, for the tooltip: `customers.email → m.email`. */
  paths: string[];
  unknown: boolean;
};

export type GraphTable = { name: string; kind: 'source' | 'model' | 'output'; columns: GraphColumn[]; error: string | null };
export type GraphEdge = { from: string; to: string };
export type GraphColumnEdge = { from: { table: string; column: string }; to: { table: string; column: string }; masked: boolean };
export type LineageGraph = { tables: GraphTable[]; edges: GraphEdge[]; columnEdges: GraphColumnEdge[] };

/**
 * The lineage view's graph: the sources the models read, the models, and as outputs the models no
 * other model reads (or, when given, the pipeline's chosen outputs); table edges are reads, column
 * edges direct lineage. Sensitivity is what reaches each column unmasked (sensitivity.ts).
 */
export function lineageGraph(lineage: PipelineLineage, outputs?: readonly string[]): LineageGraph {
  const carried = sensitivityOf(lineage);
  const read = new Set(lineage.models.flatMap((m) => m.reads));
  const chosen = outputs ? new Set(outputs) : null;
  const strongest = (levels: ('pii' | 'secret')[]) => (levels.includes('secret') ? 'secret' : levels.includes('pii') ? 'pii' : null);
  const sources: GraphTable[] = lineage.sources
    .filter((s) => read.has(s.name))
    .map((s) => ({
      name: s.name,
      kind: 'source',
      error: null,
      columns: s.columns.map((c) => ({
        name: c.name,
        type: c.type,
        sensitivity: c.sensitivity === 'pii' || c.sensitivity === 'secret' ? c.sensitivity : null,
        paths: [],
        unknown: false,
      })),
    }));
  const models: GraphTable[] = lineage.models.map((m) => ({
    name: m.model,
    kind: (chosen ? chosen.has(m.model) : !read.has(m.model)) ? 'output' : 'model',
    error: m.error,
    columns: m.schema.map((c) => {
      const carries = carried(m.model, c.name);
      return {
        name: c.name,
        type: c.type,
        sensitivity: strongest(carries.map((x) => x.sensitivity)),
        paths: carries.map((x) => x.path),
        unknown: m.columns.find((l) => l.name === c.name)?.unknown != null || !m.verified,
      };
    }),
  }));
  const tables = [...sources, ...models];
  const known = new Set(tables.map((t) => t.name));
  const edges = lineage.models.flatMap((m) => m.reads.filter((r) => known.has(r)).map((r) => ({ from: r, to: m.model })));
  const columnEdges = lineage.models.flatMap((m) =>
    m.columns.flatMap((c) => c.direct.filter((d) => known.has(d.table)).map((d) => ({ from: { table: d.table, column: d.column }, to: { table: m.model, column: c.name }, masked: d.maskedBy !== undefined }))),
  );
  return { tables, edges, columnEdges };
}
