import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '@/lib/alerts/signature';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import { changeContract, getDatasetOrThrow } from '@/lib/server/catalog/datasets';
import { pipelines } from '@/lib/server/db/schema';
import { runNextJob, type Handlers } from '@/lib/server/jobs/worker';
import { listNotifications } from '@/lib/server/notifications/notifications';
import { listRuns } from '@/lib/server/runs/read';
import { TEST_DATABASES } from '@/lib/server/testing/databases';
import { openProductionFixture, type ProductionFixture } from '@/lib/server/testing/production';
import { listAlerts, openAlert } from './alerts';
import { webhookDeliveryHandler } from './deliveries';
import { startReceiver } from './receiver.fixture';
import { evaluateSlas } from './sla';
import { createWebhook, WEBHOOK_JOB } from './webhooks';

// The production rules on the real run path: a model that breaks on real data fires run_failed to the
// pipeline's owner and the webhook, and the next published run resolves it; a freshness SLA is
// evaluated page by page, firing while the data is too old and resolving once it is fresh.

const APP_SECRET = 'test-secret-that-is-long-enough-for-better-auth';
// Each status has 100 orders in production and at most 40 in the sandbox: the cast fails only in production.
const FRAGILE = "select status, count(*) as orders, cast(case when count(*) > 40 then 'many' else '1' end as integer) as flag from orders group by status";

describe.each(TEST_DATABASES)('alert rules on production runs (metadata on %s)', (dbKind) => {
  let f: ProductionFixture;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let deliveries: Handlers;
  let secret: string;
  let pipelineId: string;
  const published = mkdtempSync(join(tmpdir(), 'assay-published-'));

  beforeAll(async () => {
    f = await openProductionFixture(dbKind, { warehouse: () => openDuckdbWarehouse({ path: ':memory:', threads: 2 }), publishedRoot: published });
    receiver = await startReceiver();
    deliveries = { [WEBHOOK_JOB]: webhookDeliveryHandler(f.app.db, { appSecret: APP_SECRET, baseUrl: 'http://assay.test', timeoutMs: 2_000 }) as Handlers[string] };
    const admin = f.steward.id;
    ({ secret } = await createWebhook(f.app.db, APP_SECRET, { url: receiver.url('/ok'), description: 'runs', rules: ['run_failed', 'sla_breach'], actorId: admin }));
  });
  // Dropping the scratch source and closing the engines takes seconds; more on a busy machine.
  afterAll(async () => {
    await receiver?.close();
    await f?.close();
    rmSync(published, { recursive: true, force: true });
  }, 120_000);

  const deliverAll = async () => {
    while (await runNextJob(f.app.db, deliveries, 'delivery-worker'));
  };
  const events = () =>
    receiver.received.map((r) => {
      expect(verifyWebhookSignature({ secret, body: r.body, header: r.headers['assay-signature'] as string })).toMatchObject({ ok: true });
      return JSON.parse(r.body) as { type: string; rule: string; object: { id: string } };
    });

  it('fires run_failed when a run fails on real data: one notification to the owner, one signed webhook', async () => {
    await f.load();
    await f.promote([{ id: 'c1', kind: 'sql', name: 'flags_by_status', source: FRAGILE }], ['flags_by_status'], { flags_by_status: ['status', 'orders', 'flag'] });
    await f.drain();
    pipelineId = f.pipelineId();
    expect((await listRuns(f.app.db, pipelineId, { after: null, limit: 1 })).items[0]).toMatchObject({ status: 'failed' });
    const alert = await openAlert(f.app.db, { rule: 'run_failed', objectType: 'pipeline', objectId: pipelineId });
    expect(alert).toMatchObject({ status: 'open', fireCount: 1, detail: expect.stringMatching(/Could not convert string 'many'/) });
    const [{ owner }] = (await f.app.db.select({ owner: pipelines.ownerId }).from(pipelines).where(eq(pipelines.id, pipelineId))) as [{ owner: string }];
    const told = (await listNotifications(f.app.db, owner, { unreadOnly: false }, { after: null, limit: 50 })).items.filter((n) => n.kind === 'alert.fired');
    expect(told.map((n) => n.objectId)).toEqual([pipelineId]);
    await deliverAll();
    expect(events().map((e) => [e.type, e.rule, e.object.id])).toEqual([['alert.fired', 'run_failed', pipelineId]]);
  });

  it('resolves it when the next run publishes', async () => {
    await f.source.exec('DELETE FROM orders WHERE id > 100');
    await f.load();
    expect((await listRuns(f.app.db, pipelineId, { after: null, limit: 1 })).items[0]).toMatchObject({ status: 'published', trigger: 'snapshot' });
    expect(await openAlert(f.app.db, { rule: 'run_failed', objectType: 'pipeline', objectId: pipelineId })).toBeNull();
    await deliverAll();
    expect(events().map((e) => [e.type, e.rule])).toEqual([
      ['alert.fired', 'run_failed'],
      ['alert.resolved', 'run_failed'],
    ]);
  });

  it('fires sla_breach for data older than its freshness SLA and resolves it once fresh, grouping repeats', async () => {
    const dataset = await getDatasetOrThrow(f.app.db, 'orders');
    await changeContract(f.app.db, { datasetId: dataset.id, baseVersion: dataset.version, ownerId: dataset.ownerId, actorId: f.steward.id, contract: { ...dataset.contract, freshnessSlaHours: 1 } });
    const later = new Date(Date.now() + 2 * 3600 * 1000);
    expect(await evaluateSlas(f.app.db, later)).toEqual({ breaching: 2 });
    expect(await evaluateSlas(f.app.db, later)).toEqual({ breaching: 2 });
    const open = (await listAlerts(f.app.db, { status: 'open' }, { after: null, limit: 10 })).items.filter((a) => a.rule === 'sla_breach');
    expect(open.map((a) => [a.objectType, a.objectId, a.fireCount]).sort()).toEqual([
      ['dataset', dataset.id, 2],
      ['pipeline', pipelineId, 2],
    ]);
    expect(open.find((a) => a.objectType === 'dataset')!.detail).toMatch(/^data 2 h old, SLA 1 h$/);
    expect(await evaluateSlas(f.app.db, new Date())).toEqual({ breaching: 0 });
    expect((await listAlerts(f.app.db, { status: 'open' }, { after: null, limit: 10 })).items.filter((a) => a.rule === 'sla_breach')).toEqual([]);
    await deliverAll();
    expect(events().filter((e) => e.rule === 'sla_breach').map((e) => e.type).sort()).toEqual(['alert.fired', 'alert.fired', 'alert.resolved', 'alert.resolved']);
  });
});
