import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandler } from '@/lib/server/http/route';
import { callRoute } from '@/lib/server/testing/routes';
import type { ProductionFixture } from '@/lib/server/testing/production';

// The production-run handlers in-process on the embedded database: who may trigger, read and schedule,
// what each answers ("up to date", queued, joined), and bad input answered with a status and a message
// naming the problem while nothing changes.

type Routes = Record<'runs' | 'run' | 'retry' | 'verify' | 'models' | 'schedule' | 'rollback', Partial<Record<'GET' | 'POST' | 'PUT', RouteHandler>>>;
let routes: Routes;
let f: ProductionFixture;
const cookies: Record<'analyst' | 'reviewer' | 'steward' | 'viewer', string> = { analyst: '', reviewer: '', steward: '', viewer: '' };

const call = (handler: RouteHandler | undefined, init: { method?: string; body?: unknown; as: string | null; query?: string; params?: Record<string, string> }) =>
  callRoute(handler!, { ...init, cookie: init.as, query: `/x${init.query ?? ''}`, params: { id: f.pipelineId(), ...init.params } });
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-api-'));
  process.env.ASSAY_WAREHOUSE_PATH = join(process.env.ASSAY_DATA_DIR, 'warehouse.duckdb');
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  routes = {
    runs: await import('./[id]/runs/route'),
    run: await import('./[id]/runs/[runId]/route'),
    retry: await import('./[id]/runs/[runId]/retry/route'),
    verify: await import('./[id]/runs/[runId]/verify/route'),
    models: await import('./[id]/models/[model]/route'),
    schedule: await import('./[id]/schedule/route'),
    rollback: await import('./[id]/rollback/route'),
  };
  const { getApp } = await import('@/lib/server/app');
  const { productionWarehouse, publishedRoot } = await import('@/lib/server/runs/warehouse');
  const { openProductionFixture } = await import('@/lib/server/testing/production');
  const { sessionCookie } = await import('@/lib/server/testing/sign-in');
  const app = await getApp();
  f = await openProductionFixture('pglite', { app, warehouse: () => productionWarehouse(app.db), publishedRoot: publishedRoot(), dataset: 'shop_orders' });
  for (const [role, user] of [['analyst', f.author], ['reviewer', f.reviewer], ['steward', f.steward], ['viewer', f.viewer]] as const) cookies[role] = await sessionCookie(app, user.email, 'long-enough-pw');
  await f.promote([{ id: 'c1', kind: 'sql', name: 'orders_by_status', source: 'select status, count(*) as orders from shop_orders group by status' }], ['orders_by_status'], { orders_by_status: ['status', 'orders'] });
});

afterAll(async () => {
  await f?.close();
  const { getApp } = await import('@/lib/server/app');
  await (await getApp()).database.close();
});

describe('production runs API', () => {
  it('refuses a trigger before any snapshot with 409 naming the input, and strangers with 401/403', async () => {
    const refused = await call(routes.runs.POST, { method: 'POST', as: cookies.analyst, body: {} });
    expect(refused.status).toBe(409);
    expect(await errorOf(refused)).toMatchObject({ code: 'conflict', message: 'input dataset shop_orders has no snapshot yet: load it from its catalog page first' });
    expect((await call(routes.runs.POST, { method: 'POST', as: null, body: {} })).status).toBe(401);
    expect((await call(routes.runs.POST, { method: 'POST', as: cookies.viewer, body: {} })).status).toBe(403);
    const bad = await call(routes.runs.POST, { method: 'POST', as: cookies.analyst, body: { from: 'cron' } });
    expect(bad.status).toBe(422);
  });

  it('runs on the first load, then answers "up to date" naming the publishing run', async () => {
    await f.load();
    const list = await (await call(routes.runs.GET, { as: cookies.viewer, query: '?limit=5' })).json();
    expect(list.runs).toHaveLength(1);
    expect(list.runs[0]).toMatchObject({ status: 'published', trigger: 'snapshot', rowsIn: 300, rowsOut: 3 });
    const again = await call(routes.runs.POST, { method: 'POST', as: cookies.analyst, body: { from: 'page' } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'up_to_date', message: `up to date: production already serves these snapshots, published by run ${list.runs[0].id}` });
    expect((await call(routes.runs.GET, { as: cookies.viewer, query: '?limit=0' })).status).toBe(400);
  });

  it('pages production rows as JSON, streams them as CSV, and refuses viewers, unknown models and bad pages', async () => {
    const page = await call(routes.models.GET, { as: cookies.analyst, params: { model: 'orders_by_status' }, query: '?offset=0&limit=2&sort=status&dir=desc' });
    expect(await page.json()).toMatchObject({ total: 3, rows: [['shipped', '100'], ['paid', '100']], columns: [{ name: 'status' }, { name: 'orders' }] });
    const csv = await call(routes.models.GET, { as: cookies.reviewer, params: { model: 'orders_by_status' }, query: '?format=csv' });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\r\n')).toEqual(['status,orders', 'new,100', 'paid,100', 'shipped,100']);
    expect((await call(routes.models.GET, { as: cookies.viewer, params: { model: 'orders_by_status' } })).status).toBe(403);
    const unknown = await call(routes.models.GET, { as: cookies.analyst, params: { model: 'nope' } });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).message).toMatch(/publishes no model nope; it publishes orders_by_status/);
    const badSort = await call(routes.models.GET, { as: cookies.analyst, params: { model: 'orders_by_status' }, query: '?sort=amount' });
    expect(badSort.status).toBe(400);
    expect((await errorOf(badSort)).message).toBe('sort: orders_by_status has no column amount');
    expect((await call(routes.models.GET, { as: cookies.analyst, params: { model: 'orders_by_status' }, query: '?limit=5000' })).status).toBe(400);
  });

  it('sets a schedule for stewards only and refuses a pattern that is not cron, keeping the old one', async () => {
    const set = await call(routes.schedule.PUT, { method: 'PUT', as: cookies.steward, body: { schedule: '0 4 * * *', onNewSnapshot: true } });
    expect(await set.json()).toMatchObject({ schedule: { schedule: '0 4 * * *', onNewSnapshot: true } });
    const bad = await call(routes.schedule.PUT, { method: 'PUT', as: cookies.steward, body: { schedule: 'every morning', onNewSnapshot: true } });
    expect(bad.status).toBe(422);
    expect((await errorOf(bad)).message).toMatch(/^schedule: not a cron pattern/);
    expect((await call(routes.schedule.PUT, { method: 'PUT', as: cookies.analyst, body: { schedule: null, onNewSnapshot: true } })).status).toBe(403);
    expect(await (await call(routes.schedule.GET, { as: cookies.viewer })).json()).toMatchObject({ schedule: { schedule: '0 4 * * *' } });
  });

  it('verifies a published run, refuses to retry it, and answers 404 for a run of another pipeline', async () => {
    const [run] = (await (await call(routes.runs.GET, { as: cookies.viewer })).json()).runs;
    const retry = await call(routes.retry.POST, { method: 'POST', as: cookies.analyst, body: {}, params: { runId: String(run.id) } });
    expect(retry.status).toBe(409);
    expect((await errorOf(retry)).message).toBe(`run ${run.id} is published: only a failed run can be retried`);
    const verify = await call(routes.verify.POST, { method: 'POST', as: cookies.reviewer, body: {}, params: { runId: String(run.id) } });
    expect(verify.status).toBe(202);
    await f.drain();
    const detail = await (await call(routes.run.GET, { as: cookies.viewer, params: { runId: String(run.id) } })).json();
    expect(detail.verifications).toMatchObject([{ status: 'match' }]);
    expect(detail.run.models).toMatchObject([{ name: 'orders_by_status', rows: 3, output: true }]);
    expect((await call(routes.run.GET, { as: cookies.viewer, params: { runId: String(run.id), id: 'pl_other' } })).status).toBe(404);
    expect((await call(routes.run.GET, { as: cookies.viewer, params: { runId: 'one' } })).status).toBe(422);
  });

  it('reports runs, their durations, rows and freshness to Prometheus with the pipeline name as the only label', async () => {
    const { metrics } = await import('@/lib/server/observability/metrics');
    metrics().bindDb(f.app.db);
    const families = parsePrometheusTextFormat(await metrics().registry.metrics());
    const family = (name: string) => families.find((m) => m.name === name);
    expect(family('assay_pipeline_runs_total')?.metrics).toEqual([{ labels: { pipeline: 'orders pglite', status: 'published' }, value: '1' }]);
    expect(family('assay_pipeline_rows_total')?.metrics).toEqual(
      expect.arrayContaining([
        { labels: { pipeline: 'orders pglite', direction: 'read' }, value: '300' },
        { labels: { pipeline: 'orders pglite', direction: 'written' }, value: '3' },
      ]),
    );
    const freshness = Number(family('assay_pipeline_freshness_seconds')?.metrics[0]?.value);
    expect(freshness).toBeGreaterThanOrEqual(0);
    expect(freshness).toBeLessThan(3_600);
    expect(family('assay_pipeline_run_duration_seconds')?.type).toBe('HISTOGRAM');
  });

  it('reports loads, their rows, drift and dataset freshness with the dataset id as the only label', async () => {
    const { metrics } = await import('@/lib/server/observability/metrics');
    metrics().bindDb(f.app.db);
    const families = parsePrometheusTextFormat(await metrics().registry.metrics());
    const family = (name: string) => families.find((m) => m.name === name);
    expect(family('assay_loads_total')?.metrics).toEqual([{ labels: { dataset: 'shop_orders', status: 'published' }, value: '1' }]);
    expect(family('assay_load_rows_total')?.metrics).toEqual(
      expect.arrayContaining([
        { labels: { dataset: 'shop_orders', direction: 'read' }, value: '300' },
        { labels: { dataset: 'shop_orders', direction: 'written' }, value: '300' },
      ]),
    );
    expect(family('assay_load_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(family('assay_drift_events_total')?.metrics).toEqual([]);
    const [freshness] = family('assay_dataset_freshness_seconds')?.metrics ?? [];
    expect(freshness?.labels).toEqual({ dataset: 'shop_orders' });
    expect(Number(freshness?.value)).toBeGreaterThanOrEqual(0);
    expect(Number(freshness?.value)).toBeLessThan(3_600);
  });
});
