import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import { runChecks } from '@/lib/quality/checks';
import { DEMO_DATASETS } from '@/lib/server/demo/catalog';
import { defaultSandboxSpec, generateSandbox, type SandboxSpec } from '@/lib/synth';
import { recordExperiment } from './record';
import { replayArtifact, type ReplayResult } from './replay';
import type { Artifact } from './schema';

const SPEC: SandboxSpec = { ...defaultSandboxSpec(DEMO_DATASETS, 7), rows: { customers: 500, products: 100, orders: 2_000 } };
const SOURCES = new Set(DEMO_DATASETS.map((d) => d.name));

const CELLS: Cell[] = [
  { id: 'c_delivered', kind: 'sql', name: 'delivered', source: "select order_id, customer_id, currency\nfrom orders\nwhere status = 'delivered'" },
  {
    id: 'c_revenue',
    kind: 'sql',
    name: 'revenue',
    source:
      'select d.customer_id, d.currency, sum(i.quantity * i.unit_price) as revenue, count(*) as lines\n' +
      'from delivered d join order_items i using (order_id)\ngroup by all',
  },
  {
    id: 'c_checks',
    kind: 'check',
    model: 'revenue',
    checks: [
      { id: 'k_nn', kind: 'not_null', column: 'customer_id' },
      { id: 'k_ref', kind: 'relationships', column: 'customer_id', to: 'customers', toColumn: 'customer_id' },
      { id: 'k_small', kind: 'expression', predicate: 'revenue < 100' },
    ],
  },
];

const SEEDED: Cell[] = [
  { id: 'c_seed', kind: 'sql', name: 'seed', source: 'select setseed(0.5) as seeded' },
  { id: 'c_draws', kind: 'sql', name: 'draws', source: 'select i, random() as r from range(200) t(i)' },
];

const withSource = (artifact: Artifact, cellId: string, source: string): Artifact => ({
  ...artifact,
  content: {
    ...artifact.content,
    cells: artifact.content.cells.map((cell) => (cell.id === cellId && cell.kind === 'sql' ? { ...cell, source } : cell)),
  },
});

const summary = (result: ReplayResult) => ({
  status: result.status,
  error: result.error,
  models: result.models.map((m) => [m.name, m.match]),
  inputs: result.inputs.map((i) => [i.name, i.match]),
  checks: result.checks.map((c) => [c.checkId, c.expected, c.actual]),
});

describe('replayArtifact: recorded in the browser engine, replayed on native DuckDB', () => {
  let browser: Engine;
  let recorded: Artifact;
  let seeded: Artifact;

  const record = async (cells: Cell[]) => {
    await new NotebookRunner(async () => browser, runChecks).run(cells, SOURCES, { targets: 'all', downstream: false });
    return recordExperiment(browser, {
      notebook: { id: 'nb_00000000000000b2', revision: 1, cells },
      sandbox: { spec: SPEC, datasets: DEMO_DATASETS },
      engine: { bundle: 'wasm-eh', packageVersion: '@duckdb/duckdb-wasm@1.32.0' },
      author: { id: 'u_ana', name: 'Ana Analyst' },
      parent: null,
      annotations: { title: 'Revenue per customer', hypothesis: '', notes: '', tags: [] },
    });
  };
  /** Each replay gets a fresh single-threaded server engine, as the replay job does. */
  const replay = async (artifact: Artifact) => {
    const server = await createNativeEngine({ threads: 1 });
    try {
      return await replayArtifact(server, artifact);
    } finally {
      await server.close();
    }
  };

  beforeAll(async () => {
    browser = await createWasmNodeEngine();
    await generateSandbox(browser, DEMO_DATASETS, SPEC);
    recorded = await record(CELLS);
    seeded = await record(SEEDED);
  });
  afterAll(() => browser.close());

  it('matches every input, model and check', async () => {
    const result = await replay(recorded);
    expect(summary(result)).toEqual({
      status: 'match',
      error: null,
      models: [['delivered', true], ['revenue', true]],
      inputs: [['customers', true], ['orders', true], ['products', true], ['order_items', true]],
      checks: [['k_nn', 'pass', 'pass'], ['k_ref', 'pass', 'pass'], ['k_small', 'fail', 'fail']],
    });
    expect(result.models[1]!.actual).toEqual(result.models[1]!.expected);
    expect(result.models[1]!.expected.rows).toBeGreaterThan(100);
  });

  it('replays random() after setseed() identically', async () => {
    expect(seeded.content.reproducible).toEqual({ ok: true });
    const result = await replay(seeded);
    expect(summary(result)).toMatchObject({ status: 'match', models: [['seed', true], ['draws', true]] });
  });

  it('names the model a tampered cell changes, with evidence rows from both sides', async () => {
    const tampered = withSource(recorded, 'c_revenue', CELLS[1]!.kind === 'sql' ? CELLS[1]!.source.replace('count(*) as lines', 'count(*) + 1 as lines') : '');
    const result = await replay(tampered);
    expect(summary(result)).toMatchObject({ status: 'mismatch', error: null, models: [['delivered', true], ['revenue', false]] });
    const revenue = result.models[1]!;
    expect(revenue.actual?.rows).toBe(revenue.expected.rows);
    expect(revenue.actual?.fingerprint).not.toBe(revenue.expected.fingerprint);
    expect(revenue.schemaMatch).toBe(true);
    // Every recorded preview row now has another `lines`: all are missing from the replay.
    expect(revenue.diff?.missing).toHaveLength(5);
    expect(revenue.diff?.unexpected).toHaveLength(5);
    expect(revenue.diff?.unexpectedExact).toBe(false);
    expect(revenue.diff?.expectedColumns).toEqual(['customer_id', 'currency', 'revenue', 'lines']);
  });

  it('reports rows exactly when the preview holds the whole recorded table', async () => {
    const small = await record([{ id: 'c_small', kind: 'sql', name: 'small', source: 'select * from (values (1, 1), (2, 2), (3, 3)) v(a, b)' }]);
    const result = await replay(withSource(small, 'c_small', 'select * from (values (1, 1), (2, 2), (4, 4), (4, 4)) v(a, b)'));
    expect(result.status).toBe('mismatch');
    expect(result.models[0]!.diff).toEqual({
      expectedColumns: ['a', 'b'],
      actualColumns: ['a', 'b'],
      missing: [['3', '3']],
      unexpected: [['4', '4'], ['4', '4']],
      unexpectedExact: true,
    });
  });

  it.each([
    // The native engine reads a cell's tables from DuckDB's parse tree, which only a SELECT has: the
    // cell is refused before anything runs.
    ['an ATTACH in place of a query', "ATTACH ':memory:' AS x", /^cell c_delivered \(model delivered\): Parser Error: syntax error at or near "ATTACH"/],
    // Closing the CREATE … AS ( early to run a second statement does not parse as one query either.
    [
      'an ATTACH smuggled in as a second statement',
      "select 1 as order_id); ATTACH ':memory:' AS x; select (1",
      /^cell c_delivered \(model delivered\): Parser Error: syntax error at or near "\)"/,
    ],
    ['a file read', "select * from read_csv('/etc/hosts')", /^cell c_delivered \(model delivered\): Permission Error: Cannot access file "\/etc\/hosts"/],
  ])('turns %s into status error with DuckDB’s message', async (_, source, message) => {
    const result = await replay(withSource(recorded, 'c_delivered', source));
    expect(result.status).toBe('error');
    expect(result.error).toMatch(message);
    expect(result.models.map((m) => [m.name, m.actual, m.match])).toEqual([
      ['delivered', null, false],
      ['revenue', null, false],
    ]);
  });

  it('never throws: a sandbox that cannot be generated or an invalid artifact is an error', async () => {
    const noDatasets = await replay({ ...recorded, content: { ...recorded.content, sandbox: { ...recorded.content.sandbox, datasets: [] } } });
    expect(noDatasets.status).toBe('error');
    expect(noDatasets.error).toMatch(/^the sandbox could not be generated: the spec sets rows for "customers"/);
    const invalid = await replay({ ...recorded, format: 'assay.experiment/v0' } as unknown as Artifact);
    expect(invalid).toMatchObject({ status: 'error', models: [], inputs: [], checks: [] });
    expect(invalid.error).toMatch(/not a valid assay\.experiment\/v1 artifact/);
  });
});
