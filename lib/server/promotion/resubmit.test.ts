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
import { promotionStatus } from '@/lib/server/db/schema';
import { DEMO_DATASETS } from '@/lib/server/demo/catalog';
import { storeExperiment } from '@/lib/server/experiments/experiments';
import { jobHandlers } from '@/lib/server/jobs/jobs';
import { runNextJob } from '@/lib/server/jobs/worker';
import { createNotebook } from '@/lib/server/notebooks/notebooks';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser, type SessionUser } from '@/lib/server/users/users';
import { defaultSandboxSpec, generateSandbox } from '@/lib/synth';
import { inboxCount, listInbox } from './inbox';
import { getPromotionOrThrow, resubmit, submitPromotion, withdraw } from './promotions';
import { review } from './reviews';

// Outputs apart from intermediate models, fixing a submission on the same request, withdrawing and
// submitting again, the one-open-request constraint under concurrent submits, and the reviewer inbox.

const SPEC = { ...defaultSandboxSpec(DEMO_DATASETS, 3), rows: { customers: 50, products: 10, orders: 120 } };
const SOURCES = new Set(DEMO_DATASETS.map((d) => d.name));
const CELLS: Cell[] = [
  { id: 'c_clean', kind: 'sql', name: 'clean_orders', source: "select order_id, status from orders where status <> 'cancelled'" },
  { id: 'c_status', kind: 'sql', name: 'orders_by_status', source: 'select status, count(*) as orders from clean_orders group by status' },
  { id: 'c_checks', kind: 'check', model: 'orders_by_status', checks: [{ id: 'k_unique', kind: 'unique', columns: ['status'] }] },
];
const described = (columns: string[]): PromotionSubmission['docs'] => ({
  orders_by_status: { description: 'Orders per status.', columns: Object.fromEntries(columns.map((c) => [c, { description: `The ${c}.`, nullable: false }])) },
});
const only = (docs: PromotionSubmission['docs']): PromotionSubmission => ({ outputs: ['orders_by_status'], docs, piiDeclarations: [], breaking: null });

const FIRST = { after: null, limit: 100 };

describe.each(TEST_DATABASES)('resubmit, withdraw and the inbox on %s', (kind) => {
  let app: TestApp;
  let browser: Engine;
  let author: SessionUser;
  let reviewer: SessionUser;
  let steward: SessionUser;
  let notebookId: string;
  let n = 0;

  const drainJobs = async () => {
    while (await runNextJob(app.db, jobHandlers(app), 'test-worker'));
  };
  const experiment = async (cells: Cell[] = CELLS): Promise<string> => {
    n += 1;
    await new NotebookRunner(async () => browser, runChecks).run(cells, SOURCES, { targets: 'all', downstream: false });
    const artifact: Artifact = await recordExperiment(browser, {
      notebook: { id: notebookId, revision: n, cells },
      sandbox: { spec: SPEC, datasets: DEMO_DATASETS },
      engine: { bundle: 'wasm-eh', packageVersion: '@duckdb/duckdb-wasm@1.32.0' },
      author: { id: author.id, name: author.name },
      parent: null,
      annotations: { title: `Orders ${n}`, hypothesis: '', notes: '', tags: [] },
    });
    const { id } = await storeExperiment(app.db, { json: artifact, authorId: author.id });
    await drainJobs();
    return id;
  };
  const decide = async (requestId: string, who: SessionUser, decision: 'approve' | 'request_changes') => {
    const p = await getPromotionOrThrow(app.db, requestId);
    return review(app.db, { requestId, user: who, body: { decision, artifactId: p.artifact.id, gateRunId: p.gateRun!.id, comment: '' } });
  };

  beforeAll(async () => {
    app = await openTestApp(kind);
    const user = (name: string, roles: SessionUser['roles']) => createUser(app.auth, app.db, { email: `${name}@x.test`, name, password: 'long-enough-pw', roles });
    author = await user('ana', ['analyst']);
    reviewer = await user('rita', ['reviewer']);
    steward = await user('stan', ['steward']);
    notebookId = (await createNotebook(app.db, { ownerId: author.id, title: 'Orders' })).id;
    browser = await createWasmNodeEngine();
    await generateSandbox(browser, DEMO_DATASETS, SPEC);
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
  });

  it('documents only the outputs, fixes a failed submission on the same request, and keeps the history', async () => {
    const artifactId = await experiment();
    // One column left undescribed on purpose; the intermediate clean_orders is not described at all.
    const { id } = await submitPromotion(app.db, author, { artifactId, pipeline: { name: `status_${kind}` }, submission: only(described(['status'])) });
    await drainJobs();
    const failed = await getPromotionOrThrow(app.db, id);
    expect(failed.status).toBe('gates_failed');
    expect(failed.gateRun!.result.gates.find((g) => g.gate === 'documented')).toMatchObject({ status: 'fail', summary: '1 missing: orders_by_status.orders: no description' });
    expect(failed.gateRun!.result.gates.find((g) => g.gate === 'quality')?.summary).toBe('all 1 checks on outputs passed on replay');

    // Submitting the same experiment to the same pipeline again is refused, pointing at the open request.
    await expect(submitPromotion(app.db, author, { artifactId, pipeline: { id: failed.pipeline.id }, submission: only(described(['status', 'orders'])) })).rejects.toMatchObject({
      code: 'conflict',
      details: { requestId: id },
    });
    await expect(resubmit(app.db, { requestId: id, user: reviewer, submission: only(described(['status', 'orders'])) })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(resubmit(app.db, { requestId: id, user: author, submission: { ...only(described(['status', 'orders'])), outputs: ['nope'] } })).rejects.toMatchObject({
      code: 'invalid_body',
      message: 'outputs: nope is not a model of this experiment',
    });

    expect(await resubmit(app.db, { requestId: id, user: author, submission: only(described(['status', 'orders'])) })).toEqual({ number: 2 });
    await drainJobs();
    const fixed = await getPromotionOrThrow(app.db, id);
    expect(fixed.status).toBe('in_review');
    expect(fixed.gateRun?.submissionNumber).toBe(2);
    expect(fixed.submissions.map((s) => s.number)).toEqual([1, 2]);
    expect(fixed.history.map((h) => h.status)).toEqual(['gates_queued', 'gates_failed', 'gates_queued', 'in_review']);

    // The reviewer finds it in the inbox, approves; the version records the one output.
    expect((await listInbox(app.db, reviewer, FIRST)).items.map((i) => i.id)).toContain(id);
    expect(await listInbox(app.db, author, FIRST)).toEqual({ items: [], nextKey: null });
    expect(await decide(id, reviewer, 'approve')).toEqual({ promotedVersion: 1 });
    expect((await listInbox(app.db, reviewer, FIRST)).items.map((i) => i.id)).not.toContain(id);
  });

  it('withdraws, then submits the same experiment again; a sent-back request is superseded by a new experiment', async () => {
    const artifactId = await experiment();
    const first = await submitPromotion(app.db, author, { artifactId, pipeline: { name: `withdrawn_${kind}` }, submission: only(described(['status', 'orders'])) });
    await drainJobs();
    await expect(withdraw(app.db, { requestId: first.id, user: reviewer, reason: '' })).rejects.toMatchObject({ code: 'forbidden' });
    await withdraw(app.db, { requestId: first.id, user: author, reason: 'wrong pipeline' });
    await expect(withdraw(app.db, { requestId: first.id, user: author, reason: '' })).rejects.toMatchObject({ code: 'conflict', message: 'the request is withdrawn: it is closed' });
    const withdrawn = await getPromotionOrThrow(app.db, first.id);
    expect(withdrawn.history.at(-1)).toMatchObject({ status: 'withdrawn', actorName: 'ana', note: 'wrong pipeline' });

    const again = await submitPromotion(app.db, author, { artifactId, pipeline: { id: withdrawn.pipeline.id }, submission: only(described(['status', 'orders'])) });
    await drainJobs();
    expect((await getPromotionOrThrow(app.db, again.id)).status).toBe('in_review');
    await decide(again.id, steward, 'request_changes');
    // Sent back, it is still open: the same experiment cannot open a second request…
    await expect(submitPromotion(app.db, author, { artifactId, pipeline: { id: withdrawn.pipeline.id }, submission: only(described(['status', 'orders'])) })).rejects.toMatchObject({ code: 'conflict' });
    // …but a corrected experiment supersedes it.
    const corrected = await experiment([...CELLS.slice(0, 1), { ...CELLS[1]!, source: `${(CELLS[1] as { source: string }).source} order by status` } as Cell, CELLS[2]!]);
    const next = await submitPromotion(app.db, author, { artifactId: corrected, pipeline: { id: withdrawn.pipeline.id }, submission: only(described(['status', 'orders'])) });
    expect(next.superseded).toEqual([again.id]);
    expect((await getPromotionOrThrow(app.db, again.id)).history.at(-1)).toMatchObject({ status: 'superseded', note: `superseded by ${next.id}` });
    await drainJobs();
  });

  it('lets exactly one of two concurrent submits of one experiment to one pipeline through', async () => {
    const artifactId = await experiment();
    const { id } = await submitPromotion(app.db, author, { artifactId, pipeline: { name: `race_${kind}` }, submission: only(described(['status', 'orders'])) });
    await withdraw(app.db, { requestId: id, user: author, reason: '' });
    const pipelineId = (await getPromotionOrThrow(app.db, id)).pipeline.id;
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => submitPromotion(app.db, author, { artifactId, pipeline: { id: pipelineId }, submission: only(described(['status', 'orders'])) })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) expect(r.reason).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already in open request/) });
    // The database itself refuses a second open request, whatever the service checks first.
    const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ id: string }>).value.id;
    await expect(app.db.update(promotionStatus).set({ status: 'in_review' }).where(eq(promotionStatus.requestId, id))).rejects.toThrow();
    expect((await app.db.select().from(promotionStatus).where(eq(promotionStatus.requestId, winner)))[0]?.status).toBe('gates_queued');
    await drainJobs();
  });

  it('pages the inbox oldest first with a cursor, and refuses a bad one', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const artifactId = await experiment();
      ids.push((await submitPromotion(app.db, author, { artifactId, pipeline: { name: `inbox_${i}_${kind}` }, submission: only(described(['status', 'orders'])) })).id);
      await drainJobs();
    }
    const all = (await listInbox(app.db, reviewer, FIRST)).items.map((i) => i.id);
    expect(all.filter((id) => ids.includes(id))).toEqual(ids);
    const first = await listInbox(app.db, reviewer, { after: null, limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await listInbox(app.db, reviewer, { after: first.nextKey, limit: 2 });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all.slice(0, 4));
    expect(await inboxCount(app.db, reviewer)).toBe(all.length);
  });
});
