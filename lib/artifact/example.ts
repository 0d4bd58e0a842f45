import { ARTIFACT_FORMAT, type Artifact } from './schema';

/** A small but complete v1 artifact: two models, a check cell, a chart and a failed reproducibility
 * self-check. For tests and for the example in docs/artifact.md. */
export function exampleArtifact(): Artifact {
  return {
    format: ARTIFACT_FORMAT,
    content: {
      notebook: { id: 'nb_0123456789abcdef', revision: 7 },
      cells: [
        { id: 'c_intro', kind: 'markdown', source: '# Repeat buyers\nWho orders twice within 30 days?' },
        {
          id: 'c_orders',
          kind: 'sql',
          name: 'paid_orders',
          source: "select order_id, customer_id, amount, ordered_at\nfrom orders\nwhere status = 'paid'",
        },
        {
          id: 'c_repeat',
          kind: 'sql',
          name: 'repeat_buyers',
          source:
            'select customer_id, count(*) as orders, sum(amount) as spent\nfrom paid_orders\ngroup by customer_id\nhaving count(*) > 1',
        },
        {
          id: 'c_checks',
          kind: 'check',
          model: 'repeat_buyers',
          checks: [
            { id: 'k_nn', kind: 'not_null', column: 'customer_id' },
            { id: 'k_uq', kind: 'unique', columns: ['customer_id'] },
          ],
        },
        {
          id: 'c_chart',
          kind: 'chart',
          model: 'repeat_buyers',
          spec: { mark: 'bar', encoding: { x: { field: 'orders', type: 'ordinal' }, y: { aggregate: 'count' } } },
        },
      ],
      sandbox: {
        spec: { kind: 'synthetic', generatorVersion: 1, seed: 42, rows: { customers: 1_000 } },
        datasets: [
          {
            name: 'customers',
            contract: {
              description: 'One row per customer.',
              retentionDays: null,
              freshnessSlaHours: 24,
              synthetic: { defaultRows: 1_000 },
              columns: [
                { name: 'customer_id', type: 'BIGINT', nullable: false, description: 'Key.', sensitivity: 'internal', masking: 'none', generator: { kind: 'sequence' } },
                { name: 'email', type: 'VARCHAR', nullable: false, description: 'Contact address.', sensitivity: 'pii', masking: 'hash', generator: { kind: 'email' } },
              ],
            },
          },
          {
            name: 'orders',
            contract: {
              description: 'One row per order.',
              retentionDays: 3_650,
              freshnessSlaHours: 1,
              synthetic: { perParent: { dataset: 'customers', min: 0, max: 10 } },
              columns: [
                { name: 'order_id', type: 'BIGINT', nullable: false, description: 'Key.', sensitivity: 'internal', masking: 'none', generator: { kind: 'sequence' } },
                { name: 'customer_id', type: 'BIGINT', nullable: false, description: 'Who ordered.', sensitivity: 'internal', masking: 'none', generator: { kind: 'reference', dataset: 'customers', column: 'customer_id' } },
                { name: 'amount', type: 'DECIMAL(18,2)', nullable: true, description: 'Order total.', sensitivity: 'internal', masking: 'none', generator: { kind: 'money', median: 40, sigma: 0.8, nullRate: 0.01 } },
                { name: 'ordered_at', type: 'TIMESTAMP', nullable: false, description: 'When.', sensitivity: 'internal', masking: 'none', generator: { kind: 'timestamp', from: '2025-01-01', to: '2026-10-31', seasonality: true } },
                { name: 'status', type: 'VARCHAR', nullable: false, description: 'paid, refunded or open.', sensitivity: 'public', masking: 'none', generator: { kind: 'category', values: [{ value: 'paid', weight: 8 }, { value: 'refunded', weight: 1 }, { value: 'open', weight: 1 }] } },
              ],
            },
          },
        ],
        tables: {
          customers: { rows: 1_000, fingerprint: 'fp2:fe4d032329cdec17056953352dbfc8eac5e38e76196213350eda5f7b9c35f1bc' },
          orders: { rows: 4_870, fingerprint: 'fp2:59af446b0ae0fc278b06f7361d0fff15194d49d269c6326dadc7c0ca2b32957e' },
        },
      },
      engine: { duckdbVersion: 'v1.4.3', bundle: 'wasm-eh', packageVersion: '@duckdb/duckdb-wasm@1.32.0' },
      parameters: { since: '2026-01-01', min_orders: 2 },
      seeds: { sandbox: 42 },
      models: [
        {
          name: 'paid_orders',
          schema: [
            { name: 'order_id', type: 'BIGINT' },
            { name: 'customer_id', type: 'BIGINT' },
            { name: 'amount', type: 'DECIMAL(18,2)' },
            { name: 'ordered_at', type: 'TIMESTAMP' },
          ],
          rowCount: 4_102,
          fingerprint: 'fp2:62b8e842deff27589e2e1f740da7fb129d119c67a855c7ad5632fdd29057dc70',
          preview: {
            columns: ['order_id', 'customer_id', 'amount', 'ordered_at'],
            rows: [
              ['1', '17', '19.90', '2026-01-03 10:00:00'],
              ['2', '17', null, '2026-01-09 08:30:00'],
            ],
          },
        },
        {
          name: 'repeat_buyers',
          schema: [
            { name: 'customer_id', type: 'BIGINT' },
            { name: 'orders', type: 'BIGINT' },
            { name: 'spent', type: 'DECIMAL(38,2)' },
          ],
          rowCount: 655,
          fingerprint: 'fp2:52cf2df1a1b4669b0742e4a945a8325791eb5b507febcaab95e1c0fca0751f41',
          preview: { columns: ['customer_id', 'orders', 'spent'], rows: [['17', '2', '19.90']] },
        },
      ],
      checks: [
        { cellId: 'c_checks', checkId: 'k_nn', kind: 'not_null', label: 'customer_id is not null', status: 'pass', failing: 0 },
        { cellId: 'c_checks', checkId: 'k_uq', kind: 'unique', label: 'customer_id is unique', status: 'pass', failing: 0 },
      ],
      timings: { c_orders: 12.5, c_repeat: 4.25, c_checks: 3 },
      log: [
        { at: 0, level: 'info', message: 'run started: 2 models, 1 check cell' },
        { at: 19.75, level: 'info', message: 'run finished' },
      ],
      author: { id: 'u_ana', name: 'Ana Analyst' },
      createdAt: '2026-11-25T10:00:00.000Z',
      parent: null,
      reproducible: { ok: true },
    },
    annotations: {
      title: 'Repeat buyers, first cut',
      hypothesis: 'Most revenue comes from customers with more than one paid order.',
      notes: '',
      tags: ['retention', 'orders'],
    },
  };
}
