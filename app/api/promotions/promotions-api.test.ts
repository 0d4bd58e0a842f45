import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordExperiment } from '@/lib/artifact/record';
import type { Artifact } from '@/lib/artifact/schema';
import { AUDIT_ACTIONS } from '@/lib/audit/actions';
import type { Checkpoint } from '@/lib/audit/checkpoint';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import type { PromotionSubmission } from '@/lib/promotion/types';
import { runChecks } from '@/lib/quality/checks';
import type { App } from '@/lib/server/app';
import { auditEvents, jobs } from '@/lib/server/db/schema';
import { DEMO_DATASETS } from '@/lib/server/demo/catalog';
import { seedDemoWorkspace } from '@/lib/server/demo/seed';
import { storeExperiment } from '@/lib/server/experiments/experiments';
import type { RouteHandler } from '@/lib/server/http/route';
import { jobHandlers } from '@/lib/server/jobs/jobs';
import { runNextJob, type Handlers } from '@/lib/server/jobs/worker';
import { createNotebook } from '@/lib/server/notebooks/notebooks';
import { gatesJobHandler } from '@/lib/server/promotion/gates-job';
import { GATES_JOB, type Promotion } from '@/lib/server/promotion/promotions';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import { defaultSandboxSpec, generateSandbox } from '@/lib/synth';
import * as auditCheckpoint from '../audit/checkpoint/route';
import * as auditCheckpointVerify from '../audit/checkpoint/verify/route';
import * as auditVerify from '../audit/verify/route';
import * as pipelineRoute from '../pipelines/[id]/route';
import * as rollbackRoute from '../pipelines/[id]/rollback/route';
import * as pipelinesRoute from '../pipelines/route';
import * as inboxRoute from '../reviews/route';
import * as gatesRoute from './[id]/gates/route';
import * as submissionsRoute from './[id]/submissions/route';
import * as withdrawRoute from './[id]/withdraw/route';
import * as reviewsRoute from './[id]/reviews/route';
import * as promotionRoute from './[id]/route';
import * as promotionsRoute from './route';

// The promotion, pipeline and audit handlers on bad input, in-process and on both databases: every
// refusal answers its status and a code naming the problem, and leaves the request, its reviews and
// the pipeline's production pointer and versions as they were. Artifacts are real recordings
// (DuckDB-WASM) replayed by the server, and the gates really run on native DuckDB, on a tiny sandbox.

const SPEC = { ...defaultSandboxSpec(DEMO_DATASETS, 5), rows: { customers: 50, products: 10, orders: 120 } };
const SOURCES = new Set(DEMO_DATASETS.map((d) => d.name));
const V1 = 'select status, count(*) as orders from orders group by status';
const V2 = 'select status, count(*) as orders, count(distinct customer_id) as customers from orders group by status';
const V2_SORTED = `${V2} order by status`;
const V3_BREAKING = 'select status, count(distinct customer_id) as customers from orders group by status';
const cells = (source: string, check: Cell & { kind: 'check' } = { id: 'c_checks', kind: 'check', model: 'orders_by_status', checks: [{ id: 'k_unique', kind: 'unique', columns: ['status'] }] }): Cell[] => [
  { id: 'c_status', kind: 'sql', name: 'orders_by_status', source },
  check,
];
const submission = (columns: string[], change: Partial<PromotionSubmission> = {}): PromotionSubmission => ({
  outputs: ['orders_by_status'],
  docs: {
    orders_by_status: {
      description: 'Orders per status.',
      columns: Object.fromEntries(columns.map((c) => [c, { description: `The ${c}.`, nullable: c !== 'status' }])),
    },
  },
  piiDeclarations: [],
  breaking: null,
  ...change,
});
const V1_DOCS = submission(['status', 'orders']);
const V2_DOCS = submission(['status', 'orders', 'customers']);

type Call = { params?: Record<string, string>; as?: string | null; method?: 'GET' | 'POST' | 'PATCH'; body?: unknown; query?: string };

/** Calls a handler in-process; `as: null` sends no cookie; a string body is sent as it is. */
async function call(handler: RouteHandler, { params = {}, as = null, method = 'GET', body, query = '' }: Call) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as !== null) headers.cookie = as;
  const sent = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const response = await handler(new Request(`http://localhost:3000/api${query}`, { method, headers, body: sent }), { params: Promise.resolve(params) });
  // The body is read as the existing API tests read it: untyped JSON, checked by the assertions.
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe.each(TEST_DATABASES)('promotion API on %s', (kind) => {
  let app: TestApp;
  let browser: Engine;
  let notebookId: string;
  let revision = 0;
  const who = {} as Record<'analyst' | 'otherAnalyst' | 'boss' | 'reviewer' | 'reviewer2' | 'steward' | 'viewer' | 'admin', { id: string; cookie: string }>;
  /** Recorded by the analyst once per database and submitted to several pipelines. */
  const artifacts = {} as Record<'v1' | 'v2' | 'v2Sorted' | 'v3Breaking', string>;

  const drainJobs = async (handlers: Handlers = jobHandlers(app)) => {
    while (await runNextJob(app.db, handlers, 'test-worker'));
  };

  /** Records `source` in DuckDB-WASM as `author`, stores it, and (unless told not to) lets the server replay it. */
  const experiment = async (author: { id: string }, cellList: Cell[], options: { tamper?: (a: Artifact) => void; replay?: boolean } = {}) => {
    revision += 1;
    await new NotebookRunner(async () => browser, runChecks).run(cellList, SOURCES, { targets: 'all', downstream: false });
    const artifact = await recordExperiment(browser, {
      notebook: { id: notebookId, revision, cells: cellList },
      sandbox: { spec: SPEC, datasets: DEMO_DATASETS },
      engine: { bundle: 'wasm-eh', packageVersion: '@duckdb/duckdb-wasm@1.32.0' },
      author: { id: author.id, name: 'Author' },
      parent: null,
      annotations: { title: `Orders by status ${revision}`, hypothesis: '', notes: '', tags: [] },
    });
    options.tamper?.(artifact);
    const { id } = await storeExperiment(app.db, { json: artifact, authorId: author.id });
    if (options.replay !== false) await drainJobs();
    return id;
  };

  const promotion = async (id: string): Promise<Promotion> => {
    const read = await call(promotionRoute.GET, { params: { id }, as: who.viewer.cookie });
    expect(read.status).toBe(200);
    return read.body.promotion;
  };
  const pipeline = async (id: string) => {
    const read = await call(pipelineRoute.GET, { params: { id }, as: who.viewer.cookie });
    expect(read.status).toBe(200);
    return read.body.pipeline as { currentVersion: number | null; versions: { version: number; requestId: string; approvals: { reviewerName: string }[] }[] };
  };
  /** What a refused call must leave as it was. */
  const snapshot = async (requestId: string) => {
    const p = await promotion(requestId);
    const pl = await pipeline(p.pipeline.id);
    return { status: p.status, reviews: p.reviews.length, gateRunId: p.gateRun?.id ?? null, currentVersion: pl.currentVersion, versions: pl.versions.map((v) => v.version) };
  };
  const counts = async () => {
    const promotions = await call(promotionsRoute.GET, { as: who.viewer.cookie });
    const pipelines = await call(pipelinesRoute.GET, { as: who.viewer.cookie });
    return { promotions: promotions.body.promotions.length as number, pipelines: pipelines.body.pipelines.length as number };
  };

  const submit = (body: unknown, as: string | null = who.analyst.cookie) => call(promotionsRoute.POST, { method: 'POST', as, body });
  /** Submits and, unless told not to, runs the gates; answers the request as the API shows it. */
  const submitted = async (artifactId: string, target: { id: string } | { name: string }, sub: PromotionSubmission, options: { as?: string; gates?: boolean } = {}) => {
    const response = await submit({ artifactId, pipeline: target, submission: sub }, options.as);
    expect(response.status).toBe(201);
    if (options.gates !== false) await drainJobs();
    return promotion(response.body.id);
  };
  const decide = async (id: string, as: string | null, decision: string, evidence: { artifactId?: string; gateRunId?: number | null } = {}) => {
    const current = await promotion(id);
    const body = { decision, artifactId: current.artifact.id, gateRunId: current.gateRun?.id ?? null, comment: '', ...evidence };
    return call(reviewsRoute.POST, { method: 'POST', params: { id }, as, body });
  };
  /** A pipeline whose production went through `artifactIds` in order, each approved by the reviewer. */
  const promotedPipeline = async (name: string, steps: [string, PromotionSubmission][]) => {
    let pipelineId: string | null = null;
    for (const [artifactId, sub] of steps) {
      const request = await submitted(artifactId, pipelineId ? { id: pipelineId } : { name: `${name}_${kind}` }, sub);
      expect(request.status).toBe('in_review');
      const approved = await decide(request.id, who.reviewer.cookie, 'approve');
      expect(approved.status).toBe(201);
      expect(approved.body.promotedVersion).toEqual(expect.any(Number));
      pipelineId = request.pipeline.id;
    }
    return pipelineId!;
  };

  beforeAll(async () => {
    app = await openTestApp(kind);
    await seedDemoWorkspace(app);
    // The handlers find the app through getApp(): hand them this database's.
    (globalThis as unknown as { __assay?: { app: App; ready: Promise<null> } }).__assay = { app, ready: Promise.resolve(null) };
    const { sessionCookie } = await import('@/lib/server/testing/sign-in');
    const signIn = async (email: string, password?: string) => {
      const cookie = await sessionCookie(app, email, password);
      const session = await app.auth.api.getSession({ headers: new Headers({ cookie }) });
      return { id: session!.user.id, cookie };
    };
    const extra = async (name: string, roles: ('analyst' | 'reviewer' | 'admin')[]) => {
      await createUser(app.auth, app.db, { email: `${name}@x.test`, name, password: 'long-enough-pw', roles });
      return signIn(`${name}@x.test`, 'long-enough-pw');
    };
    who.analyst = await signIn('analyst@assay.local');
    who.reviewer = await signIn('reviewer@assay.local');
    who.steward = await signIn('steward@assay.local');
    who.viewer = await signIn('viewer@assay.local');
    who.admin = await signIn('admin@assay.local');
    who.otherAnalyst = await extra('olga', ['analyst']);
    who.reviewer2 = await extra('rob', ['reviewer']);
    // An admin who is also an analyst and a reviewer: none of it lets them decide their own request.
    who.boss = await extra('bea', ['analyst', 'admin', 'reviewer']);
    notebookId = (await createNotebook(app.db, { ownerId: who.analyst.id, title: 'Orders' })).id;
    browser = await createWasmNodeEngine();
    await generateSandbox(browser, DEMO_DATASETS, SPEC);
    artifacts.v1 = await experiment(who.analyst, cells(V1));
    artifacts.v2 = await experiment(who.analyst, cells(V2));
    artifacts.v2Sorted = await experiment(who.analyst, cells(V2_SORTED));
    artifacts.v3Breaking = await experiment(who.analyst, cells(V3_BREAKING));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    delete (globalThis as unknown as { __assay?: unknown }).__assay;
  });

  describe('submit', () => {
    it('answers 401 without an account and 403 to a viewer, and creates nothing', async () => {
      const before = await counts();
      const body = { artifactId: artifacts.v1, pipeline: { name: `nobody_${kind}` }, submission: V1_DOCS };
      const anonymous = await submit(body, null);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('unauthorized');
      for (const as of [who.viewer.cookie, who.reviewer.cookie]) {
        const refused = await submit(body, as);
        expect(refused.status).toBe(403);
        expect(refused.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^this needs one of the roles analyst; you have /) });
      }
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['a body that is not JSON', '{"artifactId": ', 400, 'bad_request', /^request body is not valid JSON$/],
      ['no artifactId', { pipeline: { name: 'orders' }, submission: V1_DOCS }, 422, 'invalid_body', /^artifactId: /],
      ['an artifactId that is not a hash', { artifactId: 'abc', pipeline: { name: 'orders' }, submission: V1_DOCS }, 422, 'invalid_body', /^artifactId: an artifact id: 64 lowercase hex digits$/],
      ['a pipeline name that is not snake case', { artifactId: 'a'.repeat(64), pipeline: { name: 'Orders Daily' }, submission: V1_DOCS }, 422, 'invalid_body', /^pipeline/],
      ['a breaking change without a migration note', { artifactId: 'a'.repeat(64), pipeline: { name: 'orders' }, submission: { ...V1_DOCS, breaking: { migrationNote: ' ' } } }, 422, 'invalid_body', /^submission\.breaking\.migrationNote: a breaking change needs a migration note$/],
      ['an unknown key', { artifactId: 'a'.repeat(64), pipeline: { name: 'orders' }, submission: V1_DOCS, approved: true }, 422, 'invalid_body', /^body: .*approved/],
    ])('refuses %s, naming the field, and creates nothing', async (_case, body, status, code, message) => {
      const before = await counts();
      const refused = await submit(body);
      expect(refused.status).toBe(status);
      expect(refused.body.error).toMatchObject({ code, message: expect.stringMatching(message) });
      expect(await counts()).toEqual(before);
    });

    it('answers 404 for an artifact or a pipeline that does not exist, 403 for someone else’s artifact, 409 for a taken name', async () => {
      const before = await counts();
      const missing = '0'.repeat(64);
      const unknown = await submit({ artifactId: missing, pipeline: { name: `missing_${kind}` }, submission: V1_DOCS });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toEqual({ code: 'not_found', message: `experiment ${missing} does not exist` });
      const noPipeline = await submit({ artifactId: artifacts.v1, pipeline: { id: 'pl_0000000000000000' }, submission: V1_DOCS });
      expect(noPipeline.status).toBe(404);
      expect(noPipeline.body.error).toEqual({ code: 'not_found', message: 'pipeline pl_0000000000000000 does not exist' });
      const notTheirs = await submit({ artifactId: artifacts.v1, pipeline: { name: `stolen_${kind}` }, submission: V1_DOCS }, who.otherAnalyst.cookie);
      expect(notTheirs.status).toBe(403);
      expect(notTheirs.body.error).toEqual({ code: 'forbidden', message: 'only the author of an experiment can submit it for promotion' });
      expect(await counts()).toEqual(before);

      const first = await submitted(artifacts.v1, { name: `taken_${kind}` }, V1_DOCS, { gates: false });
      const after = await counts();
      const taken = await submit({ artifactId: artifacts.v2, pipeline: { name: `taken_${kind}` }, submission: V2_DOCS });
      expect(taken.status).toBe(409);
      expect(taken.body.error).toEqual({ code: 'conflict', message: `a pipeline named taken_${kind} exists already: submit to it instead` });
      const twice = await submit({ artifactId: artifacts.v1, pipeline: { id: first.pipeline.id }, submission: V1_DOCS });
      expect(twice.status).toBe(409);
      expect(twice.body.error).toEqual({
        code: 'conflict',
        message: `this experiment is already in open request ${first.id} to that pipeline (gates queued): fix its submission there, or withdraw it and submit again`,
        details: { requestId: first.id },
      });
      expect(await counts()).toEqual(after);
      await drainJobs();
    });

    it('refuses with 422 not_submittable, naming why, an artifact that failed a check, is not reproducible, did not match its replay or was not replayed yet', async () => {
      const failingCheck = await experiment(who.analyst, cells(V1, { id: 'c_rows', kind: 'check', model: 'orders_by_status', checks: [{ id: 'k_rows', kind: 'row_count', min: 1000, max: null }] }));
      const unseeded = await experiment(who.analyst, cells(`${V1.replace(' group by', ' where random() < 2 group by')}`));
      const mismatched = await experiment(who.analyst, cells(`${V1} having count(*) > 0`), {
        tamper: (a) => {
          a.content.models[0]!.rowCount += 1;
        },
      });
      const unreplayed = await experiment(who.analyst, cells(`${V1} having count(*) > 1`), { replay: false });
      const before = await counts();
      for (const [artifactId, reason] of [
        [failingCheck, /^this experiment cannot be submitted: 1 of its checks did not pass: /],
        [unseeded, /^this experiment cannot be submitted: it was recorded as not reproducible: cell c_status, line 1: random\(\) draws from an unseeded random source/],
        [mismatched, /^this experiment cannot be submitted: its replay ended in mismatch/],
        [unreplayed, /^this experiment cannot be submitted: the server has not replayed it yet$/],
      ] as const) {
        const refused = await submit({ artifactId, pipeline: { name: `refused_${kind}` }, submission: V1_DOCS });
        expect(refused.status).toBe(422);
        expect(refused.body.error).toMatchObject({ code: 'not_submittable', message: expect.stringMatching(reason) });
      }
      expect(await counts()).toEqual(before);
      await drainJobs();
    });
  });

  describe('review', () => {
    it('refuses the author, even an admin who is also a reviewer, and anyone without the reviewer or steward role', async () => {
      const own = await experiment(who.boss, cells(V1));
      const request = await submitted(own, { name: `boss_${kind}` }, V1_DOCS, { as: who.boss.cookie });
      expect(request.status).toBe('in_review');
      const before = await snapshot(request.id);
      for (const decision of ['approve', 'reject', 'request_changes']) {
        const byAuthor = await decide(request.id, who.boss.cookie, decision);
        expect(byAuthor.status).toBe(403);
        expect(byAuthor.body.error).toEqual({ code: 'forbidden', message: 'the author of a request can never approve, reject or decide it — not even an admin' });
      }
      // Viewers and admins take no part in a review (refused at the route); an analyst may comment but not decide.
      for (const role of ['viewer', 'admin'] as const) {
        const refused = await decide(request.id, who[role].cookie, 'approve');
        expect(refused.status).toBe(403);
        expect(refused.body.error).toEqual({ code: 'forbidden', message: `this needs one of the roles analyst, reviewer, steward; you have ${role}` });
      }
      const byAnalyst = await decide(request.id, who.analyst.cookie, 'approve');
      expect(byAnalyst.status).toBe(403);
      expect(byAnalyst.body.error).toEqual({ code: 'forbidden', message: 'deciding a request needs the reviewer or steward role; you have analyst' });
      const anonymous = await decide(request.id, null, 'approve');
      expect(anonymous.status).toBe(401);
      expect(await snapshot(request.id)).toEqual(before);

      const approved = await decide(request.id, who.reviewer.cookie, 'approve');
      expect(approved.status).toBe(201);
      expect(approved.body).toMatchObject({ promotedVersion: 1, promotion: { status: 'promoted' } });
    });

    it('refuses stale evidence with 409 and a malformed review with 422, storing no review', async () => {
      const request = await submitted(artifacts.v1, { name: `stale_${kind}` }, V1_DOCS);
      const before = await snapshot(request.id);
      for (const evidence of [{ artifactId: artifacts.v2 }, { gateRunId: request.gateRun!.id + 1 }, { gateRunId: null }]) {
        const stale = await decide(request.id, who.reviewer.cookie, 'approve', evidence);
        expect(stale.status).toBe(409);
        expect(stale.body.error).toMatchObject({ code: 'stale_evidence', message: expect.stringMatching(new RegExp(`^the evidence changed since you looked: the request is now artifact ${artifacts.v1.slice(0, 12)}…, gate run ${request.gateRun!.id}; `)) });
      }
      const unknownDecision = await call(reviewsRoute.POST, {
        method: 'POST',
        params: { id: request.id },
        as: who.reviewer.cookie,
        body: { decision: 'merge', artifactId: artifacts.v1, gateRunId: request.gateRun!.id, comment: '' },
      });
      expect(unknownDecision.status).toBe(422);
      expect(unknownDecision.body.error).toMatchObject({ code: 'invalid_body', message: expect.stringMatching(/^decision: /) });
      const missing = await call(reviewsRoute.POST, {
        method: 'POST',
        params: { id: 'pr_0000000000000000' },
        as: who.reviewer.cookie,
        body: { decision: 'approve', artifactId: artifacts.v1, gateRunId: 1, comment: '' },
      });
      expect(missing.status).toBe(404);
      expect(missing.body.error).toEqual({ code: 'not_found', message: 'promotion request pr_0000000000000000 does not exist' });
      expect(await snapshot(request.id)).toEqual(before);
    });

    it('refuses to approve a request whose gates failed, that was rejected, or that is promoted already', async () => {
      const undocumented = await submitted(artifacts.v1, { name: `undocumented_${kind}` }, { outputs: ['orders_by_status'], docs: {}, piiDeclarations: [], breaking: null });
      expect(undocumented.status).toBe('gates_failed');
      const failedBefore = await snapshot(undocumented.id);
      const onFailed = await decide(undocumented.id, who.reviewer.cookie, 'approve');
      expect(onFailed.status).toBe(409);
      expect(onFailed.body.error).toEqual({ code: 'conflict', message: 'the request is gates failed: only a request in review can be approved' });
      expect(await snapshot(undocumented.id)).toEqual(failedBefore);

      // A request whose gates failed can still be rejected; after that nothing decides it again.
      expect((await decide(undocumented.id, who.reviewer.cookie, 'reject')).status).toBe(201);
      const rejectedBefore = await snapshot(undocumented.id);
      expect(rejectedBefore.status).toBe('rejected');
      for (const decision of ['approve', 'request_changes']) {
        const onRejected = await decide(undocumented.id, who.reviewer2.cookie, decision);
        expect(onRejected.status).toBe(409);
        expect(onRejected.body.error.message).toMatch(/^the request is rejected/);
      }
      expect(await snapshot(undocumented.id)).toEqual(rejectedBefore);

      const pipelineId = await promotedPipeline('done', [[artifacts.v1, V1_DOCS]]);
      const [promoted] = (await call(promotionsRoute.GET, { as: who.viewer.cookie, query: `?pipelineId=${pipelineId}` })).body.promotions;
      const promotedBefore = await snapshot(promoted.id);
      const again = await decide(promoted.id, who.reviewer2.cookie, 'approve');
      expect(again.status).toBe(409);
      expect(again.body.error).toEqual({ code: 'conflict', message: 'the request is promoted: it is closed' });
      expect(await snapshot(promoted.id)).toEqual({ ...promotedBefore, currentVersion: 1, versions: [1] });
    });

    it('holds a breaking change for a steward, and a gate re-run resets the approvals and makes the old evidence stale', async () => {
      const pipelineId = await promotedPipeline('breaking', [[artifacts.v1, V1_DOCS]]);
      const request = await submitted(artifacts.v3Breaking, { id: pipelineId }, submission(['status', 'customers'], { breaking: { migrationNote: 'Count orders from orders_daily.' } }));
      expect(request).toMatchObject({ status: 'in_review', needs: ['1 more approval', "a steward's approval (breaking change)"] });

      const byReviewer = await decide(request.id, who.reviewer.cookie, 'approve');
      expect(byReviewer.status).toBe(201);
      expect(byReviewer.body.promotedVersion).toBeNull();
      expect(byReviewer.body.promotion).toMatchObject({ status: 'in_review', needs: ["a steward's approval (breaking change)"] });
      expect(await pipeline(pipelineId)).toMatchObject({ currentVersion: 1, versions: [{ version: 1 }] });

      // Only the author or a reviewer may run the gates again.
      for (const [as, status] of [
        [who.viewer.cookie, 403],
        [who.otherAnalyst.cookie, 403],
        [null, 401],
      ] as const) {
        const refused = await call(gatesRoute.POST, { method: 'POST', params: { id: request.id }, as });
        expect(refused.status).toBe(status);
      }
      const rerun = await call(gatesRoute.POST, { method: 'POST', params: { id: request.id }, as: who.analyst.cookie });
      expect(rerun.status).toBe(202);
      expect(rerun.body.promotion).toMatchObject({ status: 'gates_queued', gatesPending: true });
      const twice = await call(gatesRoute.POST, { method: 'POST', params: { id: request.id }, as: who.reviewer.cookie });
      expect(twice.status).toBe(409);
      expect(twice.body.error).toEqual({ code: 'conflict', message: 'the gates are already running for this request' });
      const whileQueued = await decide(request.id, who.steward.cookie, 'approve');
      expect(whileQueued.status).toBe(409);
      expect(whileQueued.body.error.message).toBe('the request is gates queued: only a request in review can be approved');
      await drainJobs();

      const rerunDone = await promotion(request.id);
      expect(rerunDone.gateRun!.id).not.toBe(request.gateRun!.id);
      expect(rerunDone).toMatchObject({ status: 'in_review', approvals: [], needs: ['1 more approval', "a steward's approval (breaking change)"] });
      const before = await snapshot(request.id);
      const stale = await decide(request.id, who.steward.cookie, 'approve', { gateRunId: request.gateRun!.id });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('stale_evidence');
      expect(await snapshot(request.id)).toEqual(before);

      // The steward's approval of the new run is the only one that counts: the reviewer's was for the old run.
      const bySteward = await decide(request.id, who.steward.cookie, 'approve');
      expect(bySteward.status).toBe(201);
      expect(bySteward.body.promotedVersion).toBe(2);
      const after = await pipeline(pipelineId);
      expect(after.currentVersion).toBe(2);
      expect(after.versions.map((v) => [v.version, v.approvals.map((a) => a.reviewerName)])).toEqual([
        [2, ['Sam Steward']],
        [1, ['Rita Reviewer']],
      ]);
    });
  });

  describe('compare-and-swap promotion', () => {
    it('refuses the second of two requests over the same production version with 409 stale_version, until its gates run again', async () => {
      const pipelineId = await promotedPipeline('race', [[artifacts.v1, V1_DOCS]]);
      const left = await submitted(artifacts.v2, { id: pipelineId }, V2_DOCS);
      const right = await submitted(artifacts.v2Sorted, { id: pipelineId }, V2_DOCS);
      expect([left.gateRun!.result.productionVersion, right.gateRun!.result.productionVersion]).toEqual([1, 1]);
      expect((await decide(left.id, who.reviewer.cookie, 'approve')).body.promotedVersion).toBe(2);

      const before = await snapshot(right.id);
      const lost = await decide(right.id, who.reviewer2.cookie, 'approve');
      expect(lost.status).toBe(409);
      expect(lost.body.error).toEqual({ code: 'stale_version', message: 'production is no longer version 1, which the gates compared with: run the gates again' });
      expect(await snapshot(right.id)).toEqual({ ...before, status: 'in_review', reviews: 0, currentVersion: 2, versions: [2, 1] });

      expect((await call(gatesRoute.POST, { method: 'POST', params: { id: right.id }, as: who.reviewer2.cookie })).status).toBe(202);
      await drainJobs();
      expect((await promotion(right.id)).gateRun!.result.productionVersion).toBe(2);
      const won = await decide(right.id, who.reviewer2.cookie, 'approve');
      expect(won.status).toBe(201);
      expect(won.body.promotedVersion).toBe(3);
      expect(await pipeline(pipelineId)).toMatchObject({ currentVersion: 3, versions: [{ version: 3, requestId: right.id }, { version: 2, requestId: left.id }, { version: 1 }] });
    });

    it('promotes once when two reviewers approve the same request at the same moment; the other gets 409', async () => {
      const pipelineId = await promotedPipeline('twice', [[artifacts.v1, V1_DOCS]]);
      const request = await submitted(artifacts.v2, { id: pipelineId }, V2_DOCS);
      const body = { decision: 'approve', artifactId: request.artifact.id, gateRunId: request.gateRun!.id, comment: '' };
      const results = await Promise.all(
        [who.reviewer.cookie, who.reviewer2.cookie].map((as) => call(reviewsRoute.POST, { method: 'POST', params: { id: request.id }, as, body })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const [won, lost] = results[0]!.status === 201 ? results : [results[1]!, results[0]!];
      expect(won!.body.promotedVersion).toBe(2);
      expect(lost!.body.error).toEqual({ code: 'conflict', message: 'the request is promoted: it is closed' });
      const after = await promotion(request.id);
      expect(after.status).toBe('promoted');
      expect(after.reviews).toHaveLength(1);
      expect(after.history.filter((h) => h.status === 'promoted')).toHaveLength(1);
      expect(await pipeline(pipelineId)).toMatchObject({ currentVersion: 2, versions: [{ version: 2, requestId: request.id }, { version: 1 }] });
    });
  });

  describe('approval policy', () => {
    const setPolicy = (id: string, as: string | null, body: unknown) => call(pipelineRoute.PATCH, { method: 'PATCH', params: { id }, as, body });

    it('lets only a steward or an admin change the approvals required, refuses bad values, and holds a request until it has that many', async () => {
      const pipelineId = await promotedPipeline('policy', [[artifacts.v1, V1_DOCS]]);
      for (const [role, status] of [['analyst', 403], ['reviewer', 403], ['viewer', 403]] as const) {
        const refused = await setPolicy(pipelineId, who[role].cookie, { requiredApprovals: 2 });
        expect(refused.status).toBe(status);
        expect(refused.body.error.message).toBe(`this needs one of the roles steward, admin; you have ${role}`);
      }
      expect((await setPolicy(pipelineId, null, { requiredApprovals: 2 })).status).toBe(401);
      for (const bad of [{ requiredApprovals: 0 }, { requiredApprovals: 6 }, { requiredApprovals: 1.5 }, { requiredApprovals: 2, owner: 'me' }]) {
        const refused = await setPolicy(pipelineId, who.steward.cookie, bad);
        expect(refused.status).toBe(422);
        expect(refused.body.error.code).toBe('invalid_body');
      }
      expect((await setPolicy('pl_0000000000000000', who.steward.cookie, { requiredApprovals: 2 })).status).toBe(404);
      expect(await pipeline(pipelineId)).toMatchObject({ currentVersion: 1 });
      expect((await call(pipelineRoute.GET, { params: { id: pipelineId }, as: who.viewer.cookie })).body.pipeline.requiredApprovals).toBe(1);

      const changed = await setPolicy(pipelineId, who.steward.cookie, { requiredApprovals: 2 });
      expect(changed.status).toBe(200);
      expect(changed.body.pipeline.requiredApprovals).toBe(2);

      const request = await submitted(artifacts.v2, { id: pipelineId }, V2_DOCS);
      expect(request.needs).toEqual(['2 more approvals']);
      const first = await decide(request.id, who.reviewer.cookie, 'approve');
      expect(first.body).toMatchObject({ promotedVersion: null, promotion: { status: 'in_review', needs: ['1 more approval'] } });
      // The same reviewer approving again does not count twice.
      const again = await decide(request.id, who.reviewer.cookie, 'approve');
      expect(again.body).toMatchObject({ promotedVersion: null, promotion: { status: 'in_review', needs: ['1 more approval'] } });
      const second = await decide(request.id, who.reviewer2.cookie, 'approve');
      expect(second.body).toMatchObject({ promotedVersion: 2, promotion: { status: 'promoted' } });
      const promoted = await pipeline(pipelineId);
      expect(promoted.versions[0]!.approvals.map((a) => a.reviewerName).sort()).toEqual(['Rita Reviewer', 'rob']);
    });
  });

  describe('rollback', () => {
    let pipelineId: string;
    const rollback = (body: unknown, as: string | null = who.reviewer.cookie, id = pipelineId) => call(rollbackRoute.POST, { method: 'POST', params: { id }, as, body });

    beforeAll(async () => {
      pipelineId = await promotedPipeline('rollback', [
        [artifacts.v1, V1_DOCS],
        [artifacts.v2, V2_DOCS],
      ]);
    });

    it.each([
      ['to a version that does not exist', { toVersion: 9, expectedVersion: 2 }, 'reviewer', 404, 'not_found', `pipeline rollback_${kind} has no version 9`],
      ['over a stale expected version', { toVersion: 1, expectedVersion: 1 }, 'reviewer', 409, 'stale_version', 'production is version 2, not 1 as you saw it: reload before rolling back'],
      ['to the version in production', { toVersion: 2, expectedVersion: 2 }, 'steward', 409, 'conflict', 'version 2 is already in production'],
      ['by an analyst', { toVersion: 1, expectedVersion: 2 }, 'analyst', 403, 'forbidden', 'this needs one of the roles reviewer, steward; you have analyst'],
      ['by a viewer', { toVersion: 1, expectedVersion: 2 }, 'viewer', 403, 'forbidden', 'this needs one of the roles reviewer, steward; you have viewer'],
      ['to version 0', { toVersion: 0, expectedVersion: 2 }, 'reviewer', 422, 'invalid_body', /^toVersion: /],
      ['with an unknown key', { toVersion: 1, expectedVersion: 2, force: true }, 'reviewer', 422, 'invalid_body', /^body: .*force/],
    ] as const)('refuses a rollback %s and leaves production and every version as they were', async (_case, body, role, status, code, message) => {
      const before = await pipeline(pipelineId);
      const refused = await rollback(body, who[role].cookie);
      expect(refused.status).toBe(status);
      expect(refused.body.error).toMatchObject({ code, message: typeof message === 'string' ? message : expect.stringMatching(message) });
      expect(await pipeline(pipelineId)).toEqual(before);
    });

    it('answers 404 for a pipeline that does not exist and 401 without an account', async () => {
      const missing = await rollback({ toVersion: 1, expectedVersion: 2 }, who.reviewer.cookie, 'pl_0000000000000000');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toEqual({ code: 'not_found', message: 'pipeline pl_0000000000000000 does not exist' });
      expect((await rollback({ toVersion: 1, expectedVersion: 2 }, null)).status).toBe(401);
      expect((await pipeline(pipelineId)).currentVersion).toBe(2);
    });

    it('moves the pointer back and forth, says how long it took, and keeps every version', async () => {
      const back = await rollback({ toVersion: 1, expectedVersion: 2 });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ from: 2, to: 1, elapsedMs: expect.any(Number), pipeline: { currentVersion: 1 } });
      expect(back.body.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(back.body.pipeline.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      const forward = await rollback({ toVersion: 2, expectedVersion: 1 }, who.steward.cookie);
      expect(forward.status).toBe(200);
      expect(forward.body).toMatchObject({ from: 1, to: 2, pipeline: { currentVersion: 2 } });
      expect(forward.body.pipeline.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    });
  });

  describe('gates that cannot run', () => {
    const jobOf = async (requestId: string) => {
      const [job] = await app.db.select().from(jobs).where(and(eq(jobs.kind, GATES_JOB), eq(jobs.subject, requestId)));
      return job!;
    };

    it('shows gates_error when the gate engine cannot start, allows no approval, and runs again on POST gates', async () => {
      const pipelineId = await promotedPipeline('no_engine', [[artifacts.v1, V1_DOCS]]);
      const request = await submitted(artifacts.v2, { id: pipelineId }, V2_DOCS, { gates: false });
      // A memory limit DuckDB refuses: every engine the gates start fails, as on a misconfigured server.
      await drainJobs({ [GATES_JOB]: gatesJobHandler(app.db, { timeoutMs: 60_000, memoryLimit: 'lots' }) as Handlers[string] });
      const failed = await promotion(request.id);
      expect(failed).toMatchObject({ status: 'gates_error', gatesPending: false, gateRun: { passed: 'error', result: { gates: [], error: expect.stringMatching(/Failed to set config/) } } });
      expect(failed.history.at(-1)).toMatchObject({ status: 'gates_error', note: failed.gateRun!.result.error });

      const before = await snapshot(request.id);
      const approve = await decide(request.id, who.reviewer.cookie, 'approve');
      expect(approve.status).toBe(409);
      expect(approve.body.error).toEqual({ code: 'conflict', message: 'the request is gates error: only a request in review can be approved' });
      expect(await snapshot(request.id)).toEqual({ ...before, currentVersion: 1, versions: [1] });

      const rerun = await call(gatesRoute.POST, { method: 'POST', params: { id: request.id }, as: who.analyst.cookie });
      expect(rerun.status).toBe(202);
      expect(rerun.body.promotion.status).toBe('gates_queued');
      await drainJobs();
      const ran = await promotion(request.id);
      expect(ran).toMatchObject({ status: 'in_review', gateRun: { passed: 'yes' } });
      expect((await decide(request.id, who.reviewer.cookie, 'approve')).body.promotedVersion).toBe(2);
    });

    it('shows gates_error naming the crash when the job keeps failing until its attempts are used up', async () => {
      const pipelineId = await promotedPipeline('crash', [[artifacts.v1, V1_DOCS]]);
      const request = await submitted(artifacts.v2, { id: pipelineId }, V2_DOCS, { gates: false });
      const real = gatesJobHandler(app.db, app.config.replay);
      const crashing: Handlers = {
        [GATES_JOB]: {
          ...(real as Handlers[string]),
          run: async () => {
            throw new Error('the engine process died');
          },
        },
      };
      for (let attempt = 0; attempt < 3; attempt++) {
        // A failed attempt is retried after a back-off; let the clock run out instead of waiting.
        await app.db.update(jobs).set({ runAfter: sql`now()` }).where(and(eq(jobs.kind, GATES_JOB), eq(jobs.subject, request.id)));
        expect(await runNextJob(app.db, crashing, 'test-worker')).toBe(true);
      }
      expect(await jobOf(request.id)).toMatchObject({ status: 'failed', attempts: 3 });
      const failed = await promotion(request.id);
      expect(failed).toMatchObject({
        status: 'gates_error',
        gatesPending: false,
        gateRun: { passed: 'error', result: { error: 'the gates could not run: the engine process died' } },
      });
      expect(await pipeline(pipelineId)).toMatchObject({ currentVersion: 1, versions: [{ version: 1 }] });

      const rerun = await call(gatesRoute.POST, { method: 'POST', params: { id: request.id }, as: who.reviewer.cookie });
      expect(rerun.status).toBe(202);
      await drainJobs();
      expect(await promotion(request.id)).toMatchObject({ status: 'in_review', gateRun: { passed: 'yes' }, approvals: [] });
    });
  });

  describe('fix the submission, withdraw, and the inbox', () => {
    const resubmitAs = (id: string, as: string | null, body: unknown) => call(submissionsRoute.POST, { method: 'POST', params: { id }, as, body });
    const withdrawAs = (id: string, as: string | null, body: unknown) => call(withdrawRoute.POST, { method: 'POST', params: { id }, as, body });

    it('refuses a fix by anyone but the author, a malformed one naming the field, and one while the gates run; the author\'s fix runs the gates again', async () => {
      const failed = await submitted(artifacts.v1, { name: `fix_${kind}` }, { ...V1_DOCS, docs: {} }, { gates: false });
      const whileRunning = await resubmitAs(failed.id, who.analyst.cookie, { submission: V1_DOCS });
      expect(whileRunning.status).toBe(409);
      expect(whileRunning.body.error).toEqual({ code: 'conflict', message: 'the gates are running for this request: wait for them, then fix the submission' });
      await drainJobs();
      expect((await promotion(failed.id)).status).toBe('gates_failed');
      const before = await snapshot(failed.id);
      expect((await resubmitAs(failed.id, who.otherAnalyst.cookie, { submission: V1_DOCS })).body.error).toEqual({ code: 'forbidden', message: 'only the author of a request can change its submission' });
      expect((await resubmitAs(failed.id, who.reviewer.cookie, { submission: V1_DOCS })).status).toBe(403);
      const empty = await resubmitAs(failed.id, who.analyst.cookie, { submission: { ...V1_DOCS, outputs: [] } });
      expect(empty.status).toBe(422);
      expect(empty.body.error).toMatchObject({ code: 'invalid_body', message: 'submission.outputs: choose at least one output model' });
      const unknown = await resubmitAs(failed.id, who.analyst.cookie, { submission: { ...V1_DOCS, outputs: ['nope'] } });
      expect(unknown.body.error).toEqual({ code: 'invalid_body', message: 'outputs: nope is not a model of this experiment' });
      expect(await snapshot(failed.id)).toEqual(before);

      const fixed = await resubmitAs(failed.id, who.analyst.cookie, { submission: V1_DOCS });
      expect(fixed.status).toBe(201);
      expect(fixed.body.number).toBe(2);
      await drainJobs();
      const after = await promotion(failed.id);
      expect(after).toMatchObject({ status: 'in_review', gateRun: { submissionNumber: 2 } });
      expect(after.submissions.map((x) => x.number)).toEqual([1, 2]);
    });

    it('withdraws only by the author, once; the same experiment may then be submitted again and the old request names it', async () => {
      const open = await submitted(artifacts.v2, { name: `withdraw_${kind}` }, V2_DOCS);
      expect((await withdrawAs(open.id, who.reviewer.cookie, { reason: '' })).status).toBe(403);
      expect((await withdrawAs(open.id, who.otherAnalyst.cookie, { reason: '' })).body.error).toEqual({ code: 'forbidden', message: 'only the author of a request can withdraw it' });
      expect((await withdrawAs(open.id, who.analyst.cookie, { why: 'x' })).status).toBe(422);
      const twice = await submit({ artifactId: artifacts.v2, pipeline: { id: open.pipeline.id }, submission: V2_DOCS });
      expect(twice.status).toBe(409);
      expect(twice.body.error.details).toEqual({ requestId: open.id });

      const done = await withdrawAs(open.id, who.analyst.cookie, { reason: 'wrong pipeline' });
      expect(done.status).toBe(200);
      expect(done.body.promotion.status).toBe('withdrawn');
      expect((await withdrawAs(open.id, who.analyst.cookie, { reason: '' })).body.error).toEqual({ code: 'conflict', message: 'the request is withdrawn: it is closed' });
      const again = await submitted(artifacts.v2, { id: open.pipeline.id }, V2_DOCS);
      expect(again.status).toBe('in_review');
      expect((await promotion(open.id)).laterRequest).toBe(again.id);
    });

    it('lists what waits for the caller, oldest first, and refuses a bad cursor or limit naming it', async () => {
      const mine = await call(inboxRoute.GET, { as: who.reviewer.cookie, query: '?limit=100' });
      expect(mine.status).toBe(200);
      const ids: string[] = mine.body.items.map((i: { id: string }) => i.id);
      expect(ids.length).toBeGreaterThan(0);
      const times = mine.body.items.map((i: { waitingSince: string }) => i.waitingSince);
      expect([...times].sort()).toEqual(times);
      expect((await call(inboxRoute.GET, { as: who.analyst.cookie })).body).toEqual({ items: [], nextCursor: null });
      expect((await call(inboxRoute.GET, { as: who.reviewer.cookie, query: '?cursor=bogus' })).body.error).toEqual({ code: 'bad_request', message: 'cursor: not a cursor this server issued', details: { parameter: 'cursor' } });
      const badLimit = await call(inboxRoute.GET, { as: who.reviewer.cookie, query: '?limit=500' });
      expect(badLimit.status).toBe(400);
      expect(badLimit.body.error.message).toBe('limit: a whole number from 1 to 100');
      expect((await call(inboxRoute.GET, {})).status).toBe(401);
    });
  });

  describe('audit', () => {
    it('verifies the chain for reviewers, stewards and admins only', async () => {
      for (const role of ['reviewer', 'steward', 'admin'] as const) {
        const verified = await call(auditVerify.GET, { as: who[role].cookie });
        expect(verified.status).toBe(200);
        expect(verified.body).toMatchObject({ ok: true, count: expect.any(Number), head: expect.stringMatching(/^[0-9a-f]{64}$/) });
        expect(verified.body.count).toBeGreaterThan(0);
      }
      for (const role of ['analyst', 'viewer'] as const) {
        const refused = await call(auditVerify.GET, { as: who[role].cookie });
        expect(refused.status).toBe(403);
        expect(refused.body.error).toEqual({ code: 'forbidden', message: `this needs one of the roles reviewer, steward, admin; you have ${role}` });
        expect((await call(auditCheckpoint.GET, { as: who[role].cookie })).status).toBe(403);
      }
      expect((await call(auditVerify.GET, {})).status).toBe(401);
    });

    it('checks a checkpoint it signed, after more entries too, and tells a forged one apart', async () => {
      const exported = await call(auditCheckpoint.GET, { as: who.steward.cookie });
      expect(exported.status).toBe(200);
      const checkpoint = exported.body;
      expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="assay-audit-checkpoint-${checkpoint.count}.json"`);
      const verify = (body: unknown, as = who.reviewer.cookie) => call(auditCheckpointVerify.POST, { method: 'POST', as, body });
      expect((await verify(checkpoint)).body).toEqual({ signatureValid: true, matches: true, currentHeadAtCount: checkpoint.head });

      // A further audited action (a comment) leaves the first `count` entries, hence the check, as they were.
      const request = await submitted(artifacts.v1, { name: `audited_${kind}` }, V1_DOCS);
      expect((await decide(request.id, who.steward.cookie, 'comment')).status).toBe(201);
      expect((await call(auditVerify.GET, { as: who.admin.cookie })).body.count).toBeGreaterThan(checkpoint.count);
      expect((await verify(checkpoint)).body).toEqual({ signatureValid: true, matches: true, currentHeadAtCount: checkpoint.head });

      const otherSignature = checkpoint.signature.replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
      expect((await verify({ ...checkpoint, signature: otherSignature })).body).toMatchObject({ signatureValid: false, matches: true });
      const moreEntries = await verify({ ...checkpoint, count: checkpoint.count + 1 });
      expect(moreEntries.status).toBe(200);
      expect(moreEntries.body).toMatchObject({ signatureValid: false, matches: false });
    });

    it.each([
      ['an extra key', (c: Checkpoint) => ({ ...c, verified: true }), /^body: .*verified/],
      ['a head that is not hex', (c: Checkpoint) => ({ ...c, head: 'z'.repeat(64) }), /^head: a sha-256 hash, 64 lowercase hex digits$/],
      ['a signature in upper case', (c: Checkpoint) => ({ ...c, signature: c.signature.toUpperCase() }), /^signature: an HMAC-SHA256, 64 lowercase hex digits$/],
      ['a negative count', (c: Checkpoint) => ({ ...c, count: -1 }), /^count: /],
    ])('refuses a checkpoint with %s as a malformed body naming the field', async (_case, tamper, message) => {
      const { body: checkpoint } = await call(auditCheckpoint.GET, { as: who.reviewer.cookie });
      const refused = await call(auditCheckpointVerify.POST, { method: 'POST', as: who.reviewer.cookie, body: tamper(checkpoint) });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'invalid_body', message: expect.stringMatching(message) });
    });

    it('answers 400 for a checkpoint that is not JSON, and 403 to an analyst', async () => {
      const notJson = await call(auditCheckpointVerify.POST, { method: 'POST', as: who.reviewer.cookie, body: '{"count": 3,' });
      expect(notJson.status).toBe(400);
      expect(notJson.body.error).toEqual({ code: 'bad_request', message: 'request body is not valid JSON' });
      const { body: checkpoint } = await call(auditCheckpoint.GET, { as: who.reviewer.cookie });
      expect((await call(auditCheckpointVerify.POST, { method: 'POST', as: who.analyst.cookie, body: checkpoint })).status).toBe(403);
    });

    // Last, over everything the suite did: each state change is logged with its action from the one list.
    it('logs each state change of the suite with its action from the typed list, a rejection as promotion.rejected', async () => {
      const events = await app.db.select({ action: auditEvents.action, objectType: auditEvents.objectType }).from(auditEvents);
      const written = new Set(events.map((e) => e.action));
      for (const action of written) expect(AUDIT_ACTIONS as readonly string[]).toContain(action);
      expect([...written].sort()).toEqual(expect.arrayContaining([
        'experiment.recorded', 'notebook.created', 'pipeline.created', 'pipeline.promoted', 'pipeline.rolled_back', 'pipeline.settings_changed',
        'promotion.approved', 'promotion.commented', 'promotion.gates_finished', 'promotion.gates_requested',
        'promotion.rejected', 'promotion.submitted',
      ]));
      expect(written.has('promotion.rejectd')).toBe(false);
      for (const e of events.filter((e) => e.action.startsWith('promotion.'))) expect(e.objectType).toBe('promotion');
    });
  });
});
