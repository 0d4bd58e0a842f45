import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@/lib/server/app';
import type { RouteHandler } from '@/lib/server/http/route';

// /metrics speaks the Prometheus text format to a scraper holding the configured bearer token, and
// to nobody else.
const TOKEN = 'metrics-token-for-tests-0123456789';
let scrapeRoute: RouteHandler;
let health: RouteHandler;
let authorizeScrape: (app: App, authorization: string | null) => void;

const scrapeWith = (authorization?: string) =>
  scrapeRoute(new Request('http://localhost:3000/metrics', { headers: authorization ? { authorization } : {} }), { params: Promise.resolve({}) });

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-metrics-'));
  process.env.ASSAY_METRICS_TOKEN = TOKEN;
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  ({ GET: scrapeRoute } = await import('./route'));
  ({ GET: health } = await import('@/app/api/health/route'));
  ({ authorizeScrape } = await import('@/lib/server/observability/scrape'));
});

describe('GET /metrics', () => {
  it.each([
    ['no token', undefined],
    ['a wrong token', 'Bearer not-the-token-at-all-000000'],
    ['the token without Bearer', TOKEN],
  ])('refuses a scrape with %s (401 JSON)', async (_, authorization) => {
    const response = await scrapeWith(authorization);
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('unauthorized');
  });

  it('refuses every scrape when no token is configured', () => {
    const app = { config: {} } as unknown as App;
    expect(() => authorizeScrape(app, `Bearer ${TOKEN}`)).toThrow(/ASSAY_METRICS_TOKEN/);
  });

  it('answers the text format, which a Prometheus parser reads, with the request that just happened', async () => {
    expect((await health(new Request('http://localhost:3000/api/health'), { params: Promise.resolve({}) })).status).toBe(200);
    const response = await scrapeWith(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusTextFormat(await response.text());
    const byName = new Map(families.map((f) => [f.name, f]));

    expect(byName.get('assay_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    const requests = byName.get('assay_http_requests_total');
    expect(requests?.type).toBe('COUNTER');
    const healthSample = requests?.metrics.find((m) => m.labels?.route === '/api/health' && m.labels?.method === 'GET');
    expect(Number(healthSample?.value)).toBeGreaterThanOrEqual(1);
    expect(healthSample?.labels?.status).toBe('200');

    expect(byName.get('assay_replays_total')?.type).toBe('COUNTER');
    expect(byName.get('assay_jobs')?.type).toBe('GAUGE');
    // The demo seed appends audit events; the count comes from the database at scrape time.
    expect(Number(byName.get('assay_audit_events_total')?.metrics[0]?.value)).toBeGreaterThan(0);
    // Bounded labels only: no label value looks like an id.
    for (const family of families) {
      for (const sample of family.metrics) {
        for (const value of Object.values(sample.labels ?? {})) expect(value).not.toMatch(/[0-9a-f]{16,}/);
      }
    }
  });
});
