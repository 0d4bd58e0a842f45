import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordExperiment } from '@/lib/artifact/record';
import type { Artifact } from '@/lib/artifact/schema';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import { runChecks } from '@/lib/quality/checks';
import { experimentReplays, jobs } from '@/lib/server/db/schema';
import { DEMO_DATASETS } from '@/lib/server/demo/catalog';
import { openAlert } from '@/lib/server/alerts/alerts';
import { claimJob, type Job } from '@/lib/server/jobs/queue';
import { runNextJob } from '@/lib/server/jobs/worker';
import { createNotebook } from '@/lib/server/notebooks/notebooks';
import { listNotifications } from '@/lib/server/notifications/notifications';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import { defaultSandboxSpec, generateSandbox } from '@/lib/synth';
import { listExperiments, storeExperiment } from './experiments';
import { REPLAY_JOB, replayJobHandler, replayState, requestReplay } from './replays';

const FIRST_PAGE = { after: null, limit: 200 };

// The replay job end to end: an artifact recorded in DuckDB-WASM, stored, replayed by the job on the
// hardened native engine, its outcome stored beside the experiment.

const SPEC = { ...defaultSandboxSpec(DEMO_DATASETS, 7), rows: { customers: 300, products: 50, orders: 1_000 } };
const SOURCES = new Set(DEMO_DATASETS.map((d) => d.name));
const CELLS: Cell[] = [
  { id: 'c_paid', kind: 'sql', name: 'paid', source: "select order_id, customer_id from orders where status = 'delivered'" },
  { id: 'c_per_customer', kind: 'sql', name: 'per_customer', source: 'select customer_id, count(*) as n from paid group by all' },
  { id: 'c_checks', kind: 'check', model: 'per_customer', checks: [{ id: 'k_nn', kind: 'not_null', column: 'customer_id' }] },
];

describe.each(TEST_DATABASES)('replay jobs on %s', (kind) => {
  let app: TestApp;
  let browser: Engine;
  let author: string;
  let notebookId: string;
  let recorded: Artifact;
  const handlers = (timeoutMs = 60_000) => ({ [REPLAY_JOB]: replayJobHandler(app.db, { timeoutMs, memoryLimit: '1GB' }) });

  const store = async (artifact: Artifact) => (await storeExperiment(app.db, { json: artifact, authorId: author })).id;
  const withSource = (source: string, title: string): Artifact => ({
    ...recorded,
    content: { ...recorded.content, cells: recorded.content.cells.map((c) => (c.id === 'c_paid' && c.kind === 'sql' ? { ...c, source } : c)) },
    annotations: { ...recorded.annotations, title },
  });

  beforeAll(async () => {
    app = await openTestApp(kind);
    author = (await createUser(app.auth, app.db, { email: 'ana@x.test', name: 'Ana Analyst', password: 'long-enough-pw', roles: ['analyst'] })).id;
    notebookId = (await createNotebook(app.db, { ownerId: author, title: 'Replays' })).id;
    browser = await createWasmNodeEngine();
    await generateSandbox(browser, DEMO_DATASETS, SPEC);
    await new NotebookRunner(async () => browser, runChecks).run(CELLS, SOURCES, { targets: 'all', downstream: false });
    recorded = await recordExperiment(browser, {
      notebook: { id: notebookId, revision: 1, cells: CELLS },
      sandbox: { spec: SPEC, datasets: DEMO_DATASETS },
      engine: { bundle: 'wasm-eh', packageVersion: '@duckdb/duckdb-wasm@1.32.0' },
      author: { id: author, name: 'Ana Analyst' },
      parent: null,
      annotations: { title: 'Orders per customer', hypothesis: '', notes: '', tags: ['replay'] },
    });
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
  });

  it('queues a replay with the experiment; the job replays it on native DuckDB and stores a match', async () => {
    const id = await store(recorded);
    expect((await replayState(app.db, id)).status).toBe('queued');
    expect((await listExperiments(app.db, { replay: 'queued' }, FIRST_PAGE)).items.map((e) => e.id)).toEqual([id]);
    expect(await runNextJob(app.db, handlers(), 'w1')).toBe(true);
    const state = await replayState(app.db, id);
    expect(state.status).toBe('match');
    expect(state.result?.engine).toEqual({ duckdbVersion: 'v1.4.3', packageVersion: '@duckdb/node-api@1.4.3-r.3', threads: 1 });
    expect(state.result?.models.map((m) => [m.name, m.match])).toEqual([['paid', true], ['per_customer', true]]);
    expect(state.result?.checks.map((c) => [c.checkId, c.actual])).toEqual([['k_nn', 'pass']]);
    const [listed] = (await listExperiments(app.db, { replay: 'match' }, FIRST_PAGE)).items;
    expect(listed).toMatchObject({ id, replayStatus: 'match', reproducible: true });
  });

  it('stores a refused statement as an error result with DuckDB’s message, and the next job still runs', async () => {
    const id = await store(withSource("select * from read_csv('/etc/passwd')", 'reads a file'));
    await runNextJob(app.db, handlers(), 'w1');
    const state = await replayState(app.db, id);
    expect(state.status).toBe('error');
    expect(state.result?.error).toMatch(/^cell c_paid \(model paid\): Permission Error: Cannot access file "\/etc\/passwd"/);
    // A cell is one SELECT inside CREATE TABLE … AS (…): a second statement cannot ride along.
    const attach = await store(withSource("select 1 as x); attach ':memory:' as other; select (1", 'attaches'));
    await runNextJob(app.db, handlers(), 'w1');
    const attached = await replayState(app.db, attach);
    expect(attached.status).toBe('error');
    expect(attached.result?.error).toMatch(/^cell c_paid \(model paid\): Parser Error: syntax error at or near "\)"/);
  });

  it('stops a replay at its time limit and says so', async () => {
    const id = await store(withSource('select count(*) as n from range(100000000000) a', 'runs forever'));
    await runNextJob(app.db, handlers(300), 'w1');
    const state = await replayState(app.db, id);
    expect(state.status).toBe('error');
    expect(state.result?.error).toBe('the replay took longer than the limit of 0.3 s and was stopped');
  });

  it('replays a job its first worker left behind, once the claim lapses', async () => {
    const id = await store({ ...recorded, annotations: { ...recorded.annotations, title: 'left behind' }, content: { ...recorded.content, timings: { c_paid: 1 } } });
    expect((await claimJob(app.db, { kinds: [REPLAY_JOB], workerId: 'dead', leaseMs: 1 }))?.subject).toBe(id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await replayState(app.db, id)).status).toBe('running');
    await runNextJob(app.db, handlers(), 'w2');
    expect((await replayState(app.db, id)).status).toBe('match');
  });

  it('records a failed job as a failed replay that can be requested again, one pending replay at a time', async () => {
    const id = await store({ ...recorded, content: { ...recorded.content, timings: { c_paid: 2 } } });
    await app.db.update(jobs).set({ maxAttempts: 1 }).where(eq(jobs.subject, id));
    const broken = { [REPLAY_JOB]: { ...handlers()[REPLAY_JOB], run: async () => Promise.reject(new Error('engine could not start')) } };
    await runNextJob(app.db, broken, 'w1');
    const failed = await replayState(app.db, id);
    expect(failed).toMatchObject({ status: 'failed', result: { error: 'the replay could not be carried out: engine could not start' } });
    await requestReplay(app.db, { experimentId: id, userId: author });
    await requestReplay(app.db, { experimentId: id, userId: author });
    const pending = await app.db.select().from(jobs).where(sql`${jobs.subject} = ${id} AND ${jobs.status} = 'queued'`);
    expect(pending).toHaveLength(1);
    await runNextJob(app.db, handlers(), 'w1');
    expect((await replayState(app.db, id)).status).toBe('match');
    await expect(requestReplay(app.db, { experimentId: 'f'.repeat(64), userId: author })).rejects.toThrow(/does not exist/);
  });

  it('alerts the author once on a mismatching replay, and resolves it when a later replay matches', async () => {
    const id = await store({ ...recorded, content: { ...recorded.content, timings: { c_paid: 3 } } });
    const real = handlers()[REPLAY_JOB];
    // The real replay with its outcome marked as differing (as another DuckDB build might): the same store path.
    const differing = { [REPLAY_JOB]: { ...real, run: async (job: Job) => ({ ...(await real.run(job)), status: 'mismatch' as const }) } };
    await runNextJob(app.db, differing, 'w1');
    expect((await replayState(app.db, id)).status).toBe('mismatch');
    const subject = { rule: 'replay_mismatch' as const, objectType: 'experiment', objectId: id };
    expect(await openAlert(app.db, subject)).toMatchObject({ fireCount: 1, href: `/experiments/${id}` });
    const told = async (kind: string) => (await listNotifications(app.db, author, { unreadOnly: false }, FIRST_PAGE)).items.filter((n) => n.kind === kind && n.objectId === id);
    expect(await told('alert.fired')).toHaveLength(1);
    await requestReplay(app.db, { experimentId: id, userId: author });
    await runNextJob(app.db, handlers(), 'w1');
    expect((await replayState(app.db, id)).status).toBe('match');
    expect(await openAlert(app.db, subject)).toBeNull();
    expect(await told('alert.resolved')).toHaveLength(1);
  });

  it('keeps replay results append-only', async () => {
    const refused = await app.db
      .execute(sql`UPDATE experiment_replays SET status = 'match'`)
      .then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(refused).toMatch(/append-only|refuse|not allowed/i);
    expect((await app.db.select().from(experimentReplays)).length).toBeGreaterThan(0);
  });
});
