import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '@/lib/alerts/signature';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import type { Warehouse } from '@/lib/warehouse/types';
import { alerts, auditEvents, jobs, webhookEndpoints } from '@/lib/server/db/schema';
import { runNextJob, type Handlers } from '@/lib/server/jobs/worker';
import { AUDIT_VERIFY_JOB, auditVerifyJobHandler, scheduleAuditVerification } from '@/lib/server/audit/verify-job';
import { listNotifications } from '@/lib/server/notifications/notifications';
import { metrics } from '@/lib/server/observability/metrics';
import { bindDataset, proposeBinding } from '@/lib/server/sources/bindings';
import { createConnection, secretKeyOf } from '@/lib/server/sources/connections';
import { storeUpload } from '@/lib/server/sources/files';
import { LOAD_JOB, loadJobHandler, requestLoad } from '@/lib/server/sources/loads';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import { fireAlert, listAlerts, openAlert, resolveAlert } from './alerts';
import { runAlerts } from './rules';
import { listDeliveries, webhookDeliveryHandler } from './deliveries';
import { startReceiver } from './receiver.fixture';
import { createWebhook, deleteWebhook, queueTestDelivery, updateWebhook, WEBHOOK_ATTEMPTS, WEBHOOK_JOB } from './webhooks';

// Alerts end to end on the services: a real file source that drifts and is fixed, a real HTTP
// receiver that checks every signature, a 500 endpoint retried a bounded number of times, a hanging
// one cut off by the time limit while loads go on.

const APP_SECRET = 'test-secret-that-is-long-enough-for-better-auth';
const body = (text: string) => new Response(text).body as WebReadableStream<Uint8Array>;
const GOOD = 'id,name,amount\n1,ann,1.50\n2,bob,2.25\n';
const DRIFTED = 'id,name\n1,ann\n2,bob\n';

describe.each(TEST_DATABASES)('alerts and webhooks (metadata on %s)', (dbKind) => {
  let app: TestApp;
  let warehouse: Warehouse;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let steward: string;
  let admin: string;
  let connectionId: string;
  let loads: Handlers;
  let deliveries: Handlers;
  const key = secretKeyOf(APP_SECRET);
  const dataset = `people_alerts_${dbKind}`;

  beforeAll(async () => {
    app = await openTestApp(dbKind);
    warehouse = await openDuckdbWarehouse({ path: ':memory:', threads: 1 });
    receiver = await startReceiver();
    loads = { [LOAD_JOB]: loadJobHandler(app.db, async () => warehouse, key) as Handlers[string] };
    deliveries = { [WEBHOOK_JOB]: webhookDeliveryHandler(app.db, { appSecret: APP_SECRET, baseUrl: 'https://assay.example', timeoutMs: 300 }) as Handlers[string] };
    steward = (await createUser(app.auth, app.db, { email: 's@x.test', name: 'S', password: 'long-enough-pw', roles: ['steward'] })).id;
    admin = (await createUser(app.auth, app.db, { email: 'a@x.test', name: 'A', password: 'long-enough-pw', roles: ['admin'] })).id;
    connectionId = (await createConnection(app.db, key, { name: `uploads ${dbKind}`, kind: 'files', actorId: steward })).id;
  });
  afterAll(async () => {
    await receiver?.close();
    await warehouse?.close();
    await app?.close();
  });

  const upload = (csv: string) => storeUpload(app.db, { connectionId, table: 'people', body: body(csv), actorId: steward });
  const load = async () => {
    await requestLoad(app.db, { datasetId: dataset, mode: 'full', trigger: 'manual', userId: steward });
    expect(await runNextJob(app.db, loads, 'load-worker')).toBe(true);
  };
  const deliverAll = async () => {
    while (await runNextJob(app.db, deliveries, 'delivery-worker'));
  };
  /** Makes queued retries due now (a retry waits its back-off first). */
  const retriesDue = () => app.db.update(jobs).set({ runAfter: sql`now() - interval '1 second'` }).where(and(eq(jobs.kind, WEBHOOK_JOB), eq(jobs.status, 'queued')));
  const at = (path: string) => receiver.received.filter((r) => r.path === path);

  describe('a drifting source', () => {
    let secret: string;
    let webhookId: string;

    beforeAll(async () => {
      ({ secret, webhook: { id: webhookId } } = await createWebhook(app.db, APP_SECRET, { url: receiver.url('/ok'), description: 'pager', rules: ['schema_drift'], actorId: admin }));
      await upload(GOOD);
      const proposal = await proposeBinding(app.db, key, connectionId, { schema: '', name: 'people' });
      await bindDataset(app.db, key, { connectionId, table: { schema: '', name: 'people' }, name: dataset, contract: proposal.contract, primaryKey: ['id'], cursorColumn: null, lookback: 0, driftPolicy: 'block', actorId: steward });
    });

    it('keeps the secret sealed and out of the audit log', async () => {
      expect(secret).toMatch(/^whsec_[\w-]{43}$/);
      const [row] = await app.db.select({ sealed: webhookEndpoints.secret }).from(webhookEndpoints).where(eq(webhookEndpoints.id, webhookId));
      expect(row!.sealed).not.toContain(secret.slice(6));
      const audit = await app.db.select().from(auditEvents).where(eq(auditEvents.objectId, webhookId));
      expect(audit.map((e) => e.action)).toEqual(['alert.webhook_created']);
      expect(JSON.stringify(audit)).not.toContain(secret.slice(6));
    });

    it('says nothing about a clean load', async () => {
      await load();
      await deliverAll();
      expect(at('/ok')).toEqual([]);
      expect((await listAlerts(app.db, {}, { after: null, limit: 10 })).items).toEqual([]);
    });

    it('fires once on the first drifted load: one signed delivery and one notification to the owner', async () => {
      await upload(DRIFTED);
      await load();
      await deliverAll();
      expect(at('/ok')).toHaveLength(1);
      const [delivery] = at('/ok');
      expect(verifyWebhookSignature({ secret, body: delivery!.body, header: delivery!.headers['assay-signature'] as string })).toMatchObject({ ok: true });
      expect(verifyWebhookSignature({ secret: 'whsec_wrong', body: delivery!.body, header: delivery!.headers['assay-signature'] as string })).toMatchObject({ ok: false });
      expect(delivery!.headers['assay-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      const event = JSON.parse(delivery!.body);
      expect(event).toMatchObject({
        type: 'alert.fired',
        rule: 'schema_drift',
        object: { type: 'dataset', id: dataset },
        title: `${dataset}: schema drift`,
        detail: expect.stringMatching(/amount.*quarantined/),
        fireCount: 1,
        href: `https://assay.example/catalog/${dataset}`,
      });
      expect(event.resolvedAt).toBeUndefined();
      const told = (await listNotifications(app.db, steward, { unreadOnly: false }, { after: null, limit: 50 })).items.filter((n) => n.kind === 'alert.fired');
      expect(told.map((n) => [n.title, n.objectId])).toEqual([[`${dataset}: schema drift`, dataset]]);
    });

    it('groups the repeated drift on the open alert: counted, no new delivery, no new notification', async () => {
      await load();
      expect(await runNextJob(app.db, deliveries, 'delivery-worker')).toBe(false);
      expect(at('/ok')).toHaveLength(1);
      expect(await openAlert(app.db, { rule: 'schema_drift', objectType: 'dataset', objectId: dataset })).toMatchObject({ fireCount: 2, status: 'open' });
      const told = (await listNotifications(app.db, steward, { unreadOnly: false }, { after: null, limit: 50 })).items.filter((n) => n.kind === 'alert.fired');
      expect(told).toHaveLength(1);
    });

    it('resolves once on the next clean load, by webhook and in-app', async () => {
      await upload(GOOD);
      await load();
      await deliverAll();
      expect(at('/ok')).toHaveLength(2);
      const resolution = at('/ok')[1]!;
      expect(verifyWebhookSignature({ secret, body: resolution.body, header: resolution.headers['assay-signature'] as string })).toMatchObject({ ok: true });
      expect(JSON.parse(resolution.body)).toMatchObject({ type: 'alert.resolved', rule: 'schema_drift', fireCount: 2, resolvedAt: expect.any(String), detail: expect.stringMatching(/without drift/) });
      expect(JSON.parse(resolution.body).id).not.toBe(JSON.parse(at('/ok')[0]!.body).id);
      const resolved = (await listAlerts(app.db, { status: 'resolved' }, { after: null, limit: 10 })).items;
      expect(resolved.map((a) => [a.rule, a.objectId, a.fireCount])).toEqual([['schema_drift', dataset, 2]]);
      expect((await listAlerts(app.db, { status: 'open' }, { after: null, limit: 10 })).items).toEqual([]);
      const told = (await listNotifications(app.db, steward, { unreadOnly: false }, { after: null, limit: 50 })).items.filter((n) => n.kind === 'alert.resolved');
      expect(told).toHaveLength(1);
      // Another clean load: nothing open, nothing said.
      await load();
      expect(await runNextJob(app.db, deliveries, 'delivery-worker')).toBe(false);
      const log = await listDeliveries(app.db, webhookId, { after: null, limit: 10 });
      expect(log.items.map((d) => [d.eventType, d.attempt, d.ok, d.statusCode])).toEqual([
        ['alert.resolved', 1, true, 200],
        ['alert.fired', 1, true, 200],
      ]);
    });

    it('delivers to an endpoint only the rules it asked for, and nothing once it is disabled', async () => {
      await app.db.transaction((tx) => fireAlert(tx, { rule: 'replay_mismatch', objectType: 'experiment', objectId: 'exp_other', title: 'not for this endpoint', ownerIds: [steward] }));
      expect(await runNextJob(app.db, deliveries, 'delivery-worker')).toBe(false);
      await updateWebhook(app.db, webhookId, { enabled: false }, admin);
      await upload(DRIFTED);
      await load();
      expect(await runNextJob(app.db, deliveries, 'delivery-worker')).toBe(false);
      await upload(GOOD);
      await load();
      expect(at('/ok')).toHaveLength(2);
      await deleteWebhook(app.db, webhookId, admin);
      expect((await app.db.select().from(auditEvents).where(eq(auditEvents.objectId, webhookId))).map((e) => e.action)).toEqual(['alert.webhook_created', 'alert.webhook_updated', 'alert.webhook_deleted']);
    });
  });

  describe('endpoints that fail', () => {
    beforeEach(() => app.db.update(jobs).set({ status: 'succeeded' }).where(and(eq(jobs.kind, WEBHOOK_JOB), sql`status IN ('queued', 'running')`)));

    it('retries a 500 a bounded number of times with back-off, logging every attempt', async () => {
      const { webhook } = await createWebhook(app.db, APP_SECRET, { url: receiver.url('/fail'), description: '', rules: null, actorId: admin });
      await queueTestDelivery(app.db, webhook.id);
      expect(await runNextJob(app.db, deliveries, 'delivery-worker')).toBe(true);
      const [retry] = await app.db.select().from(jobs).where(and(eq(jobs.kind, WEBHOOK_JOB), eq(jobs.subject, webhook.id)));
      expect(retry).toMatchObject({ status: 'queued', attempts: 1, lastError: 'the endpoint answered 500' });
      expect(retry!.runAfter.getTime()).toBeGreaterThan(Date.now());
      for (let i = 0; i < 10; i++) {
        await retriesDue();
        if (!(await runNextJob(app.db, deliveries, 'delivery-worker'))) break;
      }
      expect(at('/fail')).toHaveLength(WEBHOOK_ATTEMPTS);
      const [job] = await app.db.select().from(jobs).where(and(eq(jobs.kind, WEBHOOK_JOB), eq(jobs.subject, webhook.id)));
      expect(job).toMatchObject({ status: 'failed', attempts: WEBHOOK_ATTEMPTS });
      const log = await listDeliveries(app.db, webhook.id, { after: null, limit: 10 });
      expect(log.items.map((d) => [d.attempt, d.ok, d.statusCode, d.error])).toEqual(
        [5, 4, 3, 2, 1].map((attempt) => [attempt, false, 500, 'the endpoint answered 500']),
      );
      expect(new Set(log.items.map((d) => d.deliveryId)).size).toBe(1);
      expect(new Set(at('/fail').map((r) => r.headers['assay-delivery'])).size).toBe(1);
    });

    it('cuts off a hanging endpoint at the time limit, while a load runs on meanwhile', async () => {
      const slow = { [WEBHOOK_JOB]: webhookDeliveryHandler(app.db, { appSecret: APP_SECRET, baseUrl: 'https://assay.example', timeoutMs: 1_500 }) as Handlers[string] };
      const { webhook } = await createWebhook(app.db, APP_SECRET, { url: receiver.url('/hang'), description: '', rules: null, actorId: admin });
      await queueTestDelivery(app.db, webhook.id);
      let delivered = false;
      const delivery = runNextJob(app.db, slow, 'delivery-worker').then(() => (delivered = true));
      // The load lane is another worker: a load finishes while the delivery still hangs.
      await upload(GOOD);
      await load();
      expect(delivered).toBe(false);
      await delivery;
      const [attempt] = (await listDeliveries(app.db, webhook.id, { after: null, limit: 10 })).items;
      expect(attempt).toMatchObject({ attempt: 1, ok: false, statusCode: null, error: 'no answer within 1.5 s' });
      expect(attempt!.durationMs).toBeGreaterThanOrEqual(1_400);
      expect(attempt!.durationMs).toBeLessThan(5_000);
      const [job] = await app.db.select().from(jobs).where(and(eq(jobs.kind, WEBHOOK_JOB), eq(jobs.subject, webhook.id)));
      expect(job).toMatchObject({ status: 'queued', attempts: 1, lastError: 'no answer within 1.5 s' });
    });
  });

  describe('grouping in the database', () => {
    it('opens one episode when two transactions fire the same rule on the same object at once', async () => {
      const fire = () => app.db.transaction((tx) => fireAlert(tx, { rule: 'replay_mismatch', objectType: 'experiment', objectId: 'exp_race', title: 'race', ownerIds: [steward] }));
      const results = await Promise.all([fire(), fire()]);
      expect(results.map((r) => r.opened).sort()).toEqual([false, true]);
      const rows = await app.db.select().from(alerts).where(eq(alerts.objectId, 'exp_race'));
      expect(rows.map((r) => [r.status, r.fireCount])).toEqual([['open', 2]]);
      await app.db.transaction((tx) => resolveAlert(tx, { rule: 'replay_mismatch', objectType: 'experiment', objectId: 'exp_race', title: 'ok', ownerIds: [steward], resolution: 'matched' }));
      expect(await app.db.transaction((tx) => resolveAlert(tx, { rule: 'replay_mismatch', objectType: 'experiment', objectId: 'exp_race', title: 'ok', ownerIds: [steward], resolution: 'matched' }))).toBeNull();
      // A later firing opens a new episode beside the resolved one.
      await app.db.transaction((tx) => fireAlert(tx, { rule: 'replay_mismatch', objectType: 'experiment', objectId: 'exp_race', title: 'again', ownerIds: [steward] }));
      const after = await app.db.select().from(alerts).where(eq(alerts.objectId, 'exp_race')).orderBy(alerts.id);
      expect(after.map((r) => [r.status, r.fireCount, r.title])).toEqual([
        ['resolved', 2, 'race'],
        ['open', 1, 'again'],
      ]);
    });
  });

  it('maps run outcomes to rules: checks_failed opens check_failed, built resolves it but not run_failed, published resolves both', async () => {
    const pipeline = { id: 'pl_rules', name: 'rules', ownerId: steward };
    const open = async () => (await listAlerts(app.db, { status: 'open' }, { after: null, limit: 50 })).items.filter((a) => a.objectId === 'pl_rules').map((a) => a.rule).sort();
    const finish = (status: string, runId: number) => app.db.transaction((tx) => runAlerts(tx, { pipeline, runId, version: 1, status, detail: 'orders: amount is positive' }));
    await finish('checks_failed', 1);
    await finish('failed', 2);
    expect(await open()).toEqual(['check_failed', 'run_failed']);
    await finish('built', 3);
    expect(await open()).toEqual(['run_failed']);
    await finish('published', 4);
    expect(await open()).toEqual([]);
    const [checkAlert] = (await listAlerts(app.db, { status: 'resolved' }, { after: null, limit: 50 })).items.filter((a) => a.rule === 'check_failed' && a.objectId === 'pl_rules');
    expect(checkAlert).toMatchObject({ title: 'rules: a blocking check failed', detail: 'run 1 of version 1: orders: amount is positive', resolution: 'run 3 of version 1 passed its blocking checks', href: '/pipelines/pl_rules/runs/1' });
  });

  it('fires audit_chain_broken to every admin when verification finds a break, and resolves it after a full pass', async () => {
    const [entry] = await app.db.select().from(auditEvents).orderBy(auditEvents.seq).limit(1);
    const rewrite = (details: unknown) =>
      app.db.transaction(async (tx) => {
        await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER ALL`);
        await tx.execute(sql`UPDATE audit_events SET details = ${JSON.stringify(details)}::jsonb WHERE seq = ${entry!.seq}`);
        await tx.execute(sql`ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_append_only`);
        await tx.execute(sql`ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_no_truncate`);
      });
    const verify = { [AUDIT_VERIFY_JOB]: auditVerifyJobHandler(app) as Handlers[string] };
    const verifyNow = async () => {
      await app.db.update(jobs).set({ status: 'succeeded' }).where(and(eq(jobs.kind, AUDIT_VERIFY_JOB), eq(jobs.status, 'queued')));
      await scheduleAuditVerification(app.db, 0);
      expect(await runNextJob(app.db, verify, 'audit-worker')).toBe(true);
    };
    await rewrite({ forged: true });
    await verifyNow();
    await verifyNow();
    expect(await openAlert(app.db, { rule: 'audit_chain_broken', objectType: 'audit', objectId: 'chain' })).toMatchObject({ fireCount: 2, detail: expect.stringMatching(new RegExp(`^entry ${entry!.seq} `)) });
    const adminTold = (await listNotifications(app.db, admin, { unreadOnly: false }, { after: null, limit: 50 })).items.filter((n) => n.objectType === 'audit');
    expect(adminTold.map((n) => [n.kind, n.title])).toEqual([['alert.fired', 'The audit chain is broken']]);
    await rewrite(entry!.details);
    await verifyNow();
    expect(await openAlert(app.db, { rule: 'audit_chain_broken', objectType: 'audit', objectId: 'chain' })).toBeNull();
    const resolved = (await listNotifications(app.db, admin, { unreadOnly: false }, { after: null, limit: 50 })).items.filter((n) => n.objectType === 'audit');
    expect(resolved.map((n) => n.kind)).toEqual(['alert.resolved', 'alert.fired']);
  });

  it('counts opened episodes by rule and delivery attempts by outcome for Prometheus', async () => {
    const m = metrics();
    m.bindDb(app.db);
    const text = await m.registry.metrics();
    const episodes = await app.db.select({ rule: alerts.rule, n: sql<number>`count(*)::int` }).from(alerts).groupBy(alerts.rule);
    for (const { rule, n } of episodes) expect(text).toContain(`assay_alerts_fired_total{rule="${rule}"} ${n}`);
    expect(text).toContain('assay_alerts_fired_total{rule="schema_drift"} 2');
    expect(text).toMatch(/assay_webhook_deliveries_total\{status="succeeded"\} [1-9]/);
    expect(text).toMatch(/assay_webhook_deliveries_total\{status="failed"\} [1-9]/);
  });
});
