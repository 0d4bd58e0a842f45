import { describe, expect, it } from 'vitest';
import { lineageGraph } from './graph';
import { layoutGraph } from './layout';
import type { PipelineLineage } from './types';

const lineage: PipelineLineage = {
  version: 1,
  duckdbVersion: 'v1.4.3',
  elapsedMs: 1,
  sources: [
    { name: 'customers', columns: [{ name: 'customer_id', type: 'BIGINT', sensitivity: 'internal', masking: 'none' }, { name: 'email', type: 'VARCHAR', sensitivity: 'pii', masking: 'hash' }] },
    { name: 'unused', columns: [{ name: 'x', type: 'INTEGER', sensitivity: 'public', masking: 'none' }] },
  ],
  models: [
    {
      model: 'stage',
      reads: ['customers'],
      schema: [{ name: 'customer_id', type: 'BIGINT' }, { name: 'email_hash', type: 'VARCHAR' }, { name: 'email', type: 'VARCHAR' }],
      columns: [
        { name: 'customer_id', direct: [{ table: 'customers', column: 'customer_id' }], indirect: [], unknown: null },
        { name: 'email_hash', direct: [{ table: 'customers', column: 'email', maskedBy: 'md5' }], indirect: [], unknown: null },
        { name: 'email', direct: [{ table: 'customers', column: 'email' }], indirect: [], unknown: null },
      ],
      verified: true,
      error: null,
    },
    { model: 'report', reads: ['stage'], schema: [{ name: 'n', type: 'BIGINT' }], columns: [{ name: 'n', direct: [], indirect: [{ table: 'stage', column: 'email' }], unknown: null }], verified: true, error: null },
  ],
};

describe('the lineage graph', () => {
  it('has the sources read, the models, outputs as the models nothing reads, and PII where it is carried', () => {
    const graph = lineageGraph(lineage);
    expect(graph.tables.map((t) => `${t.kind} ${t.name}`)).toEqual(['source customers', 'model stage', 'output report']);
    expect(graph.tables[1]!.columns.map((c) => [c.name, c.sensitivity, c.paths])).toEqual([
      ['customer_id', null, []],
      ['email_hash', null, []],
      ['email', 'pii', ['customers.email → stage.email']],
    ]);
    expect(graph.edges).toEqual([{ from: 'customers', to: 'stage' }, { from: 'stage', to: 'report' }]);
    expect(graph.columnEdges.filter((e) => e.masked)).toEqual([{ from: { table: 'customers', column: 'email' }, to: { table: 'stage', column: 'email_hash' }, masked: true }]);
    expect(lineageGraph(lineage, ['stage']).tables.map((t) => t.kind)).toEqual(['source', 'output', 'model']);
  });

  it('lays tables out left to right, an open table as tall as its columns', () => {
    const graph = lineageGraph(lineage);
    const closed = layoutGraph(graph, new Set());
    const open = layoutGraph(graph, new Set(['stage']));
    const [source, stage, report] = ['customers', 'stage', 'report'].map((n) => closed.tables.get(n)!);
    expect(source!.x).toBeLessThan(stage!.x);
    expect(stage!.x).toBeLessThan(report!.x);
    expect(open.tables.get('stage')!.height).toBeGreaterThan(stage!.height);
    expect(closed.edges).toHaveLength(2);
  });
});
