import { expect } from 'vitest';
import { recordExperiment } from '@/lib/artifact/record';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import type { PromotionSubmission } from '@/lib/promotion/types';
import { runChecks } from '@/lib/quality/checks';
import { scratchPostgres, type ScratchSource } from '@/lib/sources/testing';
import { defaultSandboxSpec, generateSandbox } from '@/lib/synth';
import type { Warehouse } from '@/lib/warehouse/types';
import { getDatasetOrThrow } from '@/lib/server/catalog/datasets';
import { storeExperiment } from '@/lib/server/experiments/experiments';
import { jobHandlers } from '@/lib/server/jobs/jobs';
import { runNextJob, type Handlers } from '@/lib/server/jobs/worker';
import { createNotebook } from '@/lib/server/notebooks/notebooks';
import { getPromotionOrThrow, submitPromotion } from '@/lib/server/promotion/promotions';
import { review } from '@/lib/server/promotion/reviews';
import { RUN_JOB } from '@/lib/server/runs/requests';
import { runJobHandler } from '@/lib/server/runs/run-job';
import { VERIFY_JOB, verifyJobHandler } from '@/lib/server/runs/verify';
import { bindDataset, proposeBinding } from '@/lib/server/sources/bindings';
import { createConnection, secretKeyOf } from '@/lib/server/sources/connections';
import { LOAD_JOB, loadJobHandler, requestLoad } from '@/lib/server/sources/loads';
import { createUser, type SessionUser } from '@/lib/server/users/users';
import type { App } from '@/lib/server/app';
import { openTestApp, type TestApp } from './databases';

const APP_SECRET = 'test-secret-that-is-long-enough-for-better-auth';

export type ProductionFixture = {
  app: App;
  warehouse: Warehouse;
  author: SessionUser;
  reviewer: SessionUser;
  steward: SessionUser;
  viewer: SessionUser;
  /** A real PostgreSQL table `orders (id, status, amount, updated_at)` of 300 rows, bound as dataset
   * `orders` (or `options.dataset`). */
  source: ScratchSource;
  /** The pipeline the first promotion created ('' before it). */
  pipelineId(): string;
  /** Runs every due job (gates, replays, loads, runs, verifications) until none is left. */
  drain(): Promise<void>;
  /** A full load of the dataset and whatever it triggers. */
  load(): Promise<void>;
  /** Records `cells` in DuckDB-WASM over a 40-order sandbox, submits them with `outputs` documented as
   * `models` (model → columns), runs the gates and approves: production's next version. */
  promote(cells: Cell[], outputs: string[], models: Record<string, string[]>): Promise<string>;
  close(): Promise<void>;
};

/**
 * Production runs' test setting on one metadata database: users, a real PostgreSQL source bound as
 * `orders`, the job handlers on `warehouse`, and a promote helper that goes through the real gates.
 */
export async function openProductionFixture(
  dbKind: 'pglite' | 'postgres',
  options: { warehouse: (app: App) => Promise<Warehouse>; publishedRoot: string; app?: App; dataset?: string },
): Promise<ProductionFixture> {
  const name = options.dataset ?? 'orders';
  const own: TestApp | null = options.app ? null : await openTestApp(dbKind);
  const app: App = options.app ?? own!;
  const warehouse = await options.warehouse(app);
  const key = secretKeyOf(APP_SECRET);
  const handlers: Handlers = {
    ...jobHandlers(app),
    [LOAD_JOB]: loadJobHandler(app.db, async () => warehouse, key, app.config.openLineage) as Handlers[string],
    [RUN_JOB]: runJobHandler(app.db, async () => warehouse, options.publishedRoot, app.config.openLineage) as Handlers[string],
    [VERIFY_JOB]: verifyJobHandler(app.db, async () => warehouse) as Handlers[string],
  };
  const user = (name: string, roles: SessionUser['roles']) => createUser(app.auth, app.db, { email: `${name}@x.test`, name, password: 'long-enough-pw', roles });
  const author = await user('ana', ['analyst']);
  const reviewer = await user('rita', ['reviewer']);
  const steward = await user('stan', ['steward']);
  const viewer = await user('vic', ['viewer']);
  const notebookId = (await createNotebook(app.db, { ownerId: author.id, title: 'Orders' })).id;

  const source = await scratchPostgres();
  await source.exec(`CREATE TABLE orders (id integer PRIMARY KEY, status text NOT NULL, amount numeric(10,2) NOT NULL, updated_at timestamptz NOT NULL)`);
  await source.exec(`INSERT INTO orders SELECT g, (ARRAY['new','paid','shipped'])[1 + g % 3], g * 1.25, timestamptz '2026-01-01' + g * interval '1 minute' FROM generate_series(1, 300) g`);
  const connection = await createConnection(app.db, key, { name: `shop ${dbKind}`, ...source.target, actorId: steward.id });
  const proposal = await proposeBinding(app.db, key, connection.id, { schema: '', name: 'orders' });
  await bindDataset(app.db, key, { connectionId: connection.id, table: { schema: '', name: 'orders' }, name, contract: proposal.contract, primaryKey: ['id'], cursorColumn: 'updated_at', lookback: 0, driftPolicy: 'block', actorId: steward.id });
  const datasets = [{ name, contract: (await getDatasetOrThrow(app.db, name)).contract }];
  const spec = { ...defaultSandboxSpec(datasets, 5), rows: { [name]: 40 } };
  const browser: Engine = await createWasmNodeEngine();
  await generateSandbox(browser, datasets, spec);

  let pipelineId = '';
  let revision = 0;
  const drain = async () => {
    while (await runNextJob(app.db, handlers, 'test-worker'));
  };
  const docs = (models: Record<string, string[]>): PromotionSubmission['docs'] =>
    Object.fromEntries(Object.entries(models).map(([model, columns]) => [model, { description: `The ${model}.`, columns: Object.fromEntries(columns.map((c) => [c, { description: `The ${c}.`, nullable: true }])) }]));

  return {
    app,
    warehouse,
    author,
    reviewer,
    steward,
    viewer,
    source,
    pipelineId: () => pipelineId,
    drain,
    async load() {
      await requestLoad(app.db, { datasetId: name, mode: 'full', trigger: 'manual', userId: steward.id });
      await drain();
    },
    async promote(cells, outputs, models) {
      revision += 1;
      await new NotebookRunner(async () => browser, runChecks).run(cells, new Set([name]), { targets: 'all', downstream: false });
      const artifact = await recordExperiment(browser, {
        notebook: { id: notebookId, revision, cells },
        sandbox: { spec, datasets },
        engine: { bundle: 'wasm-eh', packageVersion: '@duckdb/duckdb-wasm@1.32.0' },
        author: { id: author.id, name: author.name },
        parent: null,
        annotations: { title: `Orders by status ${revision}`, hypothesis: '', notes: '', tags: [] },
      });
      const { id: artifactId } = await storeExperiment(app.db, { json: artifact, authorId: author.id });
      await drain();
      const target = pipelineId ? { id: pipelineId } : { name: `orders ${dbKind}` };
      const { id } = await submitPromotion(app.db, author, { artifactId, pipeline: target, submission: { outputs, docs: docs(models), piiDeclarations: [], breaking: null } });
      // The gates job only: the promotion's first run must not start before the approval.
      await runNextJob(app.db, handlers, 'test-worker');
      const request = await getPromotionOrThrow(app.db, id);
      expect(request.status).toBe('in_review');
      pipelineId = request.pipeline.id;
      await review(app.db, { requestId: id, user: reviewer, body: { decision: 'approve', artifactId, gateRunId: request.gateRun!.id, comment: '' } });
      return artifactId;
    },
    async close() {
      await browser.close();
      await warehouse.close();
      await own?.close();
      await source.drop();
    },
  };
}
