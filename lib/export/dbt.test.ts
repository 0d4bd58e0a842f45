import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { recordExperiment } from '@/lib/artifact/record';
import type { ArtifactContent } from '@/lib/artifact/schema';
import { fingerprintTable } from '@/lib/artifact/fingerprint';
import { createNativeEngine } from '@/lib/engine/native';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import { runChecks } from '@/lib/quality/checks';
import { DEMO_DATASETS } from '@/lib/server/demo/catalog';
import { defaultSandboxSpec, generateSandbox } from '@/lib/synth';
import { exportDbtProject, type DbtProject } from './dbt';
import { modelSql, substituteRefs } from './testing';

// The exported dbt project must compute what the pipeline computed: its models, run in DuckDB with
// ref()/source() substituted back, give the same fingerprints as the recorded run (a differential
// test, so the export can never silently change results), and its YAML is the structure dbt reads.
const SPEC = { ...defaultSandboxSpec(DEMO_DATASETS, 11), rows: { customers: 300, products: 40, orders: 900 } };
const CELLS: Cell[] = [
  { id: 'm1', kind: 'markdown', source: '# Revenue' },
  {
    id: 's1',
    kind: 'sql',
    name: 'orders_clean',
    source: "with kept as (select * from orders where status <> 'cancelled')\nselect order_id, customer_id, status, currency from kept",
  },
  {
    id: 's2',
    kind: 'sql',
    name: 'line_revenue',
    source: 'select o.order_id, o.currency, i.quantity * i.unit_price as revenue\nfrom orders_clean o\njoin order_items i using (order_id)',
  },
  {
    id: 's3',
    kind: 'sql',
    name: 'revenue_by_currency',
    source: 'select currency, count(distinct order_id) as orders, sum(revenue) as revenue\nfrom line_revenue, (select 1 as one) x\ngroup by currency',
  },
  {
    id: 'k1',
    kind: 'check',
    model: 'orders_clean',
    checks: [
      { id: 'nn', kind: 'not_null', column: 'order_id' },
      { id: 'uq', kind: 'unique', columns: ['order_id'] },
      { id: 'st', kind: 'accepted_values', column: 'status', values: ['placed', 'shipped', 'delivered', 'returned'] },
      { id: 'fk', kind: 'relationships', column: 'customer_id', to: 'customers', toColumn: 'customer_id' },
    ],
  },
  {
    id: 'k2',
    kind: 'check',
    model: 'revenue_by_currency',
    checks: [
      { id: 'rc', kind: 'row_count', min: 1, max: 3 },
      { id: 'ex', kind: 'expression', predicate: 'revenue > 0' },
      { id: 'u2', kind: 'unique', columns: ['currency', 'orders'] },
    ],
  },
];

let content: ArtifactContent;
let project: DbtProject;

beforeAll(async () => {
  const engine = await createNativeEngine({ threads: 1 });
  try {
    await generateSandbox(engine, DEMO_DATASETS, SPEC);
    await new NotebookRunner(async () => engine, runChecks).run(CELLS, new Set(DEMO_DATASETS.map((d) => d.name)), { targets: 'all', downstream: false });
    const artifact = await recordExperiment(engine, {
      notebook: { id: 'nb_00000000000000d1', revision: 1, cells: CELLS },
      sandbox: { spec: SPEC, datasets: DEMO_DATASETS },
      engine: { bundle: 'native', packageVersion: '@duckdb/node-api@1.4.3-r.3' },
      author: { id: 'u_ana', name: 'Ana' },
      parent: null,
      annotations: { title: 'dbt export', hypothesis: '', notes: '', tags: [] },
    });
    content = artifact.content;
  } finally {
    await engine.close();
  }
  const exported = exportDbtProject({
    pipelineName: 'revenue',
    version: 3,
    artifactId: 'a'.repeat(64),
    content,
    docs: { revenue_by_currency: { description: 'Revenue per currency.', columns: { currency: { description: 'ISO 4217.', nullable: false } } } },
  });
  if (!exported.ok) throw new Error(exported.error);
  project = exported.project;
});


describe('the dbt export of a pipeline version', () => {
  it('writes the project, profile, models, sources, schema and singular tests', () => {
    expect(Object.keys(project.files).sort()).toEqual([
      'README.md',
      'dbt_project.yml',
      'models/line_revenue.sql',
      'models/orders_clean.sql',
      'models/revenue_by_currency.sql',
      'models/schema.yml',
      'models/sources.yml',
      'profiles.yml',
      'tests/revenue_by_currency__expression__ex.sql',
      'tests/revenue_by_currency__row_count__rc.sql',
      'tests/revenue_by_currency__unique__u2.sql',
    ]);
    expect(project.files['models/line_revenue.sql']).toContain("from {{ ref('orders_clean') }} o\njoin {{ source('raw', 'order_items') }} i using (order_id)");
    expect(project.files['models/orders_clean.sql']).toContain("with kept as (select * from {{ source('raw', 'orders') }} where status <> 'cancelled')");
  });

  it('writes YAML in the structure dbt reads', () => {
    const dbtProject = parse(project.files['dbt_project.yml']!);
    expect(dbtProject).toMatchObject({ name: 'revenue', profile: 'revenue', 'config-version': 2, 'model-paths': ['models'] });
    expect(parse(project.files['profiles.yml']!)).toMatchObject({ revenue: { target: 'dev', outputs: { dev: { type: 'duckdb' } } } });
    const schema = parse(project.files['models/schema.yml']!);
    expect(schema.version).toBe(2);
    expect(schema.models.map((m: { name: string }) => m.name)).toEqual(['orders_clean', 'line_revenue', 'revenue_by_currency']);
    const orders = schema.models[0];
    expect(orders.config.contract.enforced).toBe(true);
    const byName = Object.fromEntries(orders.columns.map((c: { name: string }) => [c.name, c]));
    expect(byName.order_id).toMatchObject({ data_type: 'BIGINT', data_tests: ['not_null', 'unique'] });
    expect(byName.status.data_tests).toEqual([{ accepted_values: { values: ['placed', 'shipped', 'delivered', 'returned'], quote: true } }]);
    expect(byName.customer_id.data_tests).toEqual([{ relationships: { to: "source('raw', 'customers')", field: 'customer_id' } }]);
    const revenue = schema.models[2];
    expect(revenue.description).toBe('Revenue per currency.');
    expect(revenue.columns[0]).toMatchObject({ name: 'currency', description: 'ISO 4217.', data_tests: ['not_null'] });
    const sources = parse(project.files['models/sources.yml']!);
    const customers = sources.sources[0].tables.find((t: { name: string }) => t.name === 'customers');
    expect(customers.columns.find((c: { name: string }) => c.name === 'email').meta).toEqual({ sensitivity: 'pii', masking: 'hash' });
  });

  it('computes the same fingerprints as the recorded run when its models run in DuckDB', async () => {
    const engine = await createNativeEngine({ threads: 1 });
    try {
      await generateSandbox(engine, DEMO_DATASETS, SPEC);
      for (const model of content.models) {
        const sql = modelSql(project.files[`models/${model.name}.sql`]!);
        await engine.query(`CREATE TABLE ${model.name} AS (${sql})`);
        expect(await fingerprintTable(engine, model.name), model.name).toEqual({ rows: model.rowCount, fingerprint: model.fingerprint });
      }
      // Singular tests return no rows where the recorded check passed.
      for (const file of Object.keys(project.files).filter((f) => f.startsWith('tests/'))) {
        const result = await engine.query(substituteRefs(project.files[file]!));
        expect(result.rows, file).toEqual([]);
      }
    } finally {
      await engine.close();
    }
  });

  it('refuses a pipeline name that is not a dbt identifier, saying how to fix it', () => {
    const refused = exportDbtProject({ pipelineName: '9lives', version: 1, artifactId: 'a'.repeat(64), content, docs: {} });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/"9lives" is not a valid dbt project name.*--name/) });
  });
});
