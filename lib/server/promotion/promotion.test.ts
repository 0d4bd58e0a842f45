import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordExperiment } from '@/lib/artifact/record';
import type { Artifact } from '@/lib/artifact/schema';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import type { PromotionSubmission } from '@/lib/promotion/types';
import { runChecks } from '@/lib/quality/checks';
import { pipelines, reviews as reviewsTable } from '@/lib/server/db/schema';
import { DEMO_DATASETS } from '@/lib/server/demo/catalog';
import { storeExperiment } from '@/lib/server/experiments/experiments';
import { jobHandlers } from '@/lib/server/jobs/jobs';
import { runNextJob } from '@/lib/server/jobs/worker';
import { createNotebook } from '@/lib/server/notebooks/notebooks';
import { listNotifications } from '@/lib/server/notifications/notifications';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser, type SessionUser } from '@/lib/server/users/users';
import { defaultSandboxSpec, generateSandbox } from '@/lib/synth';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import type { Warehouse } from '@/lib/warehouse/types';
import { getPipelineOrThrow, rollback } from './pipelines';
import { getPromotionOrThrow, rerunGates, submitPromotion } from './promotions';
import { review, type ReviewBody } from './reviews';

// The promotion flow on the services, end to end on real engines and both databases: submit, gates
// (replay on native DuckDB, compatibility, compliance, docs, data diff), separation of duties,
// compare-and-swap promotion, rollback.

const SPEC = { ...defaultSandboxSpec(DEMO_DATASETS, 11), rows: { customers: 200, products: 40, orders: 600 } };
const SOURCES = new Set(DEMO_DATASETS.map((d) => d.name));
const V1 = 'select status, count(*) as orders from orders group by status';
const V2 = 'select status, count(*) as orders, count(distinct customer_id) as customers from orders group by status';
const V3_BREAKING = 'select status, count(distinct customer_id) as customers from orders group by status';
const cells = (source: string, extra: Cell[] = []): Cell[] => [
  { id: 'c_status', kind: 'sql', name: 'orders_by_status', source },
  { id: 'c_checks', kind: 'check', model: 'orders_by_status', checks: [{ id: 'k_unique', kind: 'unique', columns: ['status'] }] },
  ...extra,
];
const docsFor = (columns: string[]): PromotionSubmission['docs'] => ({
  orders_by_status: {
    description: 'Orders per status.',
    columns: Object.fromEntries(columns.map((c) => [c, { description: `The ${c}.`, nullable: c !== 'status' }])),
  },
});
const submission = (columns: string[], change: Partial<PromotionSubmission> = {}): PromotionSubmission => ({ outputs: ['orders_by_status'], docs: docsFor(columns), piiDeclarations: [], breaking: null, ...change });

describe.each(TEST_DATABASES)('promotion on %s', (kind) => {
  let app: TestApp;
  let browser: Engine;
  let warehouse: Warehouse;
  let author: SessionUser;
  let reviewer: SessionUser;
  let reviewer2: SessionUser;
  let steward: SessionUser;
  let notebookId: string;
  let n = 0;

  const user = (name: string, roles: SessionUser['roles']) =>
    createUser(app.auth, app.db, { email: `${name}@x.test`, name, password: 'long-enough-pw', roles });
  /** Records `cellList` in DuckDB-WASM, stores it and lets the server replay it. */
  const experiment = async (cellList: Cell[]): Promise<string> => {
    n += 1;
    await new NotebookRunner(async () => browser, runChecks).run(cellList, SOURCES, { targets: 'all', downstream: false });
    const artifact: Artifact = await recordExperiment(browser, {
      notebook: { id: notebookId, revision: n, cells: cellList },
      sandbox: { spec: SPEC, datasets: DEMO_DATASETS },
      engine: { bundle: 'wasm-eh', packageVersion: '@duckdb/duckdb-wasm@1.32.0' },
      author: { id: author.id, name: author.name },
      parent: null,
      annotations: { title: `Orders by status ${n}`, hypothesis: '', notes: '', tags: [] },
    });
    const { id } = await storeExperiment(app.db, { json: artifact, authorId: author.id });
    await drainJobs();
    return id;
  };
  const drainJobs = async () => {
    while (await runNextJob(app.db, jobHandlers(app), 'test-worker'));
  };
  const submit = async (artifactId: string, pipeline: { id: string } | { name: string }, sub: PromotionSubmission) => {
    const { id } = await submitPromotion(app.db, author, { artifactId, pipeline, submission: sub });
    await drainJobs();
    return getPromotionOrThrow(app.db, id);
  };
  const decide = async (requestId: string, who: SessionUser, decision: ReviewBody['decision'], change: Partial<ReviewBody> = {}) => {
    const current = await getPromotionOrThrow(app.db, requestId);
    return review(app.db, { requestId, user: who, body: { decision, artifactId: current.artifact.id, gateRunId: current.gateRun?.id ?? null, comment: '', ...change } });
  };

  beforeAll(async () => {
    app = await openTestApp(kind);
    // The author is also an admin and a reviewer: none of that lets them decide their own request.
    author = await user('ana', ['analyst', 'admin', 'reviewer']);
    reviewer = await user('rita', ['reviewer']);
    reviewer2 = await user('rob', ['reviewer']);
    steward = await user('stan', ['steward']);
    notebookId = (await createNotebook(app.db, { ownerId: author.id, title: 'Orders' })).id;
    browser = await createWasmNodeEngine();
    await generateSandbox(browser, DEMO_DATASETS, SPEC);
    warehouse = await openDuckdbWarehouse({ path: ':memory:', threads: 1 });
  });
  afterAll(async () => {
    await browser.close();
    await warehouse.close();
    await app.close();
  });

  it('promotes, evolves, guards breaking changes and rolls back', async () => {
    // v1: a new pipeline; every gate passes; the author cannot approve, a reviewer can.
    const first = await submit(await experiment(cells(V1)), { name: `orders_${kind}` }, submission(['status', 'orders']));
    expect(first.status).toBe('in_review');
    expect(first.gateRun?.result.gates.map((g) => [g.gate, g.status])).toEqual([
      ['reproducible', 'pass'],
      ['quality', 'pass'],
      ['compatible', 'pass'],
      ['compliant', 'pass'],
      ['documented', 'pass'],
    ]);
    expect(first.gateRun?.result.dataDiff).toBeNull();
    await expect(decide(first.id, author, 'approve')).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/never approve/) });
    await expect(decide(first.id, reviewer, 'approve', { gateRunId: 999_999 })).rejects.toMatchObject({ code: 'stale_evidence' });
    expect(await decide(first.id, reviewer, 'approve')).toEqual({ promotedVersion: 1 });
    const pipelineId = first.pipeline.id;
    expect((await getPipelineOrThrow(app.db, pipelineId)).currentVersion).toBe(1);
    await expect(decide(first.id, reviewer2, 'approve')).rejects.toMatchObject({ code: 'conflict', message: /promoted/ });

    // v2 adds a column: non-breaking; the data diff compares it with v1 on the same input.
    const second = await submit(await experiment(cells(V2)), { id: pipelineId }, submission(['status', 'orders', 'customers']));
    expect(second.status).toBe('in_review');
    const compatible = second.gateRun!.result.gates.find((g) => g.gate === 'compatible')!;
    expect(compatible).toMatchObject({ status: 'pass', summary: '1 non-breaking changes' });
    expect(second.gateRun!.result.productionVersion).toBe(1);
    expect(second.gateRun!.result.dataDiff).not.toBeNull();
    expect(await decide(second.id, reviewer, 'approve')).toEqual({ promotedVersion: 2 });

    // v3 drops a column: breaking. Unacknowledged, the gate fails; acknowledged, a steward must approve.
    const v3 = await experiment(cells(V3_BREAKING));
    const unacknowledged = await submit(v3, { id: pipelineId }, submission(['status', 'customers']));
    expect(unacknowledged.status).toBe('gates_failed');
    expect(unacknowledged.gateRun!.result.gates.find((g) => g.gate === 'compatible')?.summary).toMatch(/^breaking changes need an acknowledgement with a migration note: orders_by_status.orders column dropped/);
    await expect(decide(unacknowledged.id, reviewer, 'approve')).rejects.toMatchObject({ code: 'conflict', message: /gates failed/ });
    await decide(unacknowledged.id, reviewer, 'reject', { comment: 'needs the migration note' });

    const acknowledged = await submit(v3, { id: pipelineId }, submission(['status', 'customers'], { breaking: { migrationNote: 'Read orders from orders_daily.' } }));
    expect(acknowledged.status).toBe('in_review');
    expect(acknowledged.needs).toEqual(['1 more approval', "a steward's approval (breaking change)"]);
    expect(await decide(acknowledged.id, reviewer, 'approve')).toEqual({ promotedVersion: null });
    expect((await getPromotionOrThrow(app.db, acknowledged.id)).needs).toEqual(["a steward's approval (breaking change)"]);
    expect(await decide(acknowledged.id, steward, 'approve')).toEqual({ promotedVersion: 3 });

    // Rollback: to any version, compare-and-swap on what the caller saw, nothing removed.
    await expect(rollback(app.db, warehouse, { pipelineId, user: reviewer, toVersion: 9, expectedVersion: 3 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(rollback(app.db, warehouse, { pipelineId, user: reviewer, toVersion: 1, expectedVersion: 2 })).rejects.toMatchObject({ code: 'stale_version' });
    expect(await rollback(app.db, warehouse, { pipelineId, user: reviewer, toVersion: 1, expectedVersion: 3 })).toMatchObject({ from: 3, to: 1, data: { kind: 'none' } });
    const pipeline = await getPipelineOrThrow(app.db, pipelineId);
    expect(pipeline.currentVersion).toBe(1);
    expect(pipeline.versions.map((v) => [v.version, v.approvals.map((a) => a.reviewerName)])).toEqual([
      [3, ['rita', 'stan']],
      [2, ['rita']],
      [1, ['rita']],
    ]);
    expect(await rollback(app.db, warehouse, { pipelineId, user: reviewer, toVersion: 3, expectedVersion: 1 })).toMatchObject({ from: 1, to: 3, data: { kind: 'none' } });
    // The author hears of gate results and decisions; a reviewer hears what others did on a request they reviewed.
    const titles = async (who: SessionUser) => (await listNotifications(app.db, who.id, { unreadOnly: false }, { after: null, limit: 100 })).items.map((n) => n.title).reverse();
    const mine = await titles(author);
    expect(mine).toEqual(expect.arrayContaining([expect.stringMatching(/: submission 1: gates passed, waiting for review$/), expect.stringMatching(/: promoted as version 1$/), expect.stringMatching(/: submission 1: gates failed$/), expect.stringMatching(/: rejected by rita$/), expect.stringMatching(/: promoted as version 3$/)]));
    expect(mine.some((t) => t.includes('by ana'))).toBe(false);
    expect(await titles(reviewer)).toEqual([expect.stringMatching(/: approved by stan$/)]);
  });

  it('lets only one of two promotions over the same production version win, and stores nothing for the loser', async () => {
    const a = await submit(await experiment(cells(V1)), { name: `race_${kind}` }, submission(['status', 'orders']));
    await decide(a.id, reviewer, 'approve');
    const left = await submit(await experiment(cells(V2)), { id: a.pipeline.id }, submission(['status', 'orders', 'customers']));
    const right = await submit(await experiment(cells(`${V2} order by status`)), { id: a.pipeline.id }, submission(['status', 'orders', 'customers']));
    const results = await Promise.allSettled([decide(left.id, reviewer, 'approve'), decide(right.id, reviewer2, 'approve')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: 'stale_version', message: expect.stringMatching(/^production is no longer version 1/) });
    const [pipeline] = await app.db.select().from(pipelines).where(eq(pipelines.id, a.pipeline.id));
    expect(pipeline?.currentVersion).toBe(2);
    const loser = results[0]!.status === 'rejected' ? left : right;
    expect(await app.db.select().from(reviewsTable).where(eq(reviewsTable.requestId, loser.id))).toEqual([]);
    // Re-running the loser's gates compares it with version 2; approvals start over.
    await rerunGates(app.db, { requestId: loser.id, user: author });
    await drainJobs();
    const again = await getPromotionOrThrow(app.db, loser.id);
    expect(again).toMatchObject({ status: 'in_review', approvals: [] });
    expect(again.gateRun?.result.productionVersion).toBe(2);
  });

  it('refuses what may not be submitted, and fails the documented and compliant gates with their reasons', async () => {
    const failingCheck = await experiment([
      { id: 'c_status', kind: 'sql', name: 'orders_by_status', source: V1 },
      { id: 'c_checks', kind: 'check', model: 'orders_by_status', checks: [{ id: 'k_rows', kind: 'row_count', min: 1000, max: null }] },
    ]);
    await expect(submitPromotion(app.db, author, { artifactId: failingCheck, pipeline: { name: 'nope' }, submission: submission(['status', 'orders']) })).rejects.toMatchObject({
      code: 'not_submittable',
      message: expect.stringMatching(/^this experiment cannot be submitted: 1 of its checks did not pass/),
    });
    const fine = await experiment(cells(V1));
    await expect(submitPromotion(app.db, reviewer, { artifactId: fine, pipeline: { name: 'nope' }, submission: submission(['status']) })).rejects.toMatchObject({ code: 'forbidden' });

    const undocumented = await submit(fine, { name: `docs_${kind}` }, { outputs: ['orders_by_status'], docs: {}, piiDeclarations: [], breaking: null });
    expect(undocumented.status).toBe('gates_failed');
    expect(undocumented.gateRun!.result.gates.find((g) => g.gate === 'documented')?.summary).toMatch(/^3 missing: orders_by_status: no description; orders_by_status.status: no description/);

    const pii = await experiment(cells(V1, [{ id: 'c_people', kind: 'sql', name: 'people', source: 'select customer_id, email from customers' }]));
    const docs = { ...docsFor(['status', 'orders']), people: { description: 'People.', columns: { customer_id: { description: 'Id.', nullable: false }, email: { description: 'Email.', nullable: true } } } };
    const undeclared = await submit(pii, { name: `pii_${kind}` }, { outputs: ['orders_by_status', 'people'], docs, piiDeclarations: [], breaking: null });
    expect(undeclared.gateRun!.result.gates.find((g) => g.gate === 'compliant')?.summary).toBe('outputs carry PII unmasked without a declaration: customers.email → people.email');
    // Column level: a model that reads the PII table but drops or masks the PII columns needs no declaration.
    const masked = await experiment(cells(V1, [{ id: 'c_people', kind: 'sql', name: 'people', source: 'select customer_id, md5(email) as email from customers' }]));
    const maskedRun = await submit(masked, { name: `pii_masked_${kind}` }, { outputs: ['orders_by_status', 'people'], docs, piiDeclarations: [], breaking: null });
    expect(maskedRun.gateRun!.result.gates.find((g) => g.gate === 'compliant')).toMatchObject({ status: 'pass', summary: 'no output column carries a PII or secret column unmasked' });
    expect(maskedRun.status).toBe('in_review');
    const declared = await submit(pii, { name: `pii2_${kind}` }, { outputs: ['orders_by_status', 'people'], docs, piiDeclarations: [{ model: 'people', reason: 'Support needs the contact list.' }], breaking: null });
    expect(declared.status).toBe('in_review');
    expect(declared.needs).toContain("a steward's approval (declared PII)");
  });
});
