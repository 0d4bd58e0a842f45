import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandler } from '@/lib/server/http/route';
import { callRoute } from '@/lib/server/testing/routes';

// The alerts API: anyone signed in reads alerts; only admins manage webhooks (everyone else 403), the
// secret is answered once and never again, and a URL that is not http(s) is a 422 naming `url`.

let webhooksRoute: { GET: RouteHandler; POST: RouteHandler };
let webhookRoute: { GET: RouteHandler; PATCH: RouteHandler; DELETE: RouteHandler };
let alertsRoute: RouteHandler;
let deliveriesRoute: RouteHandler;
let admin: string;
let viewer: string;
let analyst: string;

const call = (handler: RouteHandler, init: { method?: string; body?: unknown; as: string; query?: string; id?: string }) =>
  callRoute(handler, { ...init, cookie: init.as, params: { id: init.id ?? '' } });

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-api-'));
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  webhooksRoute = await import('./webhooks/route');
  webhookRoute = await import('./webhooks/[id]/route');
  ({ GET: alertsRoute } = await import('./route'));
  ({ GET: deliveriesRoute } = await import('./webhooks/[id]/deliveries/route'));
  const { getApp } = await import('@/lib/server/app');
  const app = await getApp();
  const { sessionCookie } = await import('@/lib/server/testing/sign-in');
  admin = await sessionCookie(app, 'admin@assay.local');
  viewer = await sessionCookie(app, 'viewer@assay.local');
  analyst = await sessionCookie(app, 'analyst@assay.local');
});

afterAll(async () => {
  const { getApp } = await import('@/lib/server/app');
  await (await getApp()).database.close();
});

describe('alerts API', () => {
  it.each([
    ['a file: URL', { url: 'file:///etc/passwd' }, 'url: an absolute http:// or https:// URL'],
    ['a javascript: URL', { url: 'javascript:alert(1)' }, 'url: an absolute http:// or https:// URL'],
    ['no URL at all', { url: 'not a url' }, 'url: an absolute http:// or https:// URL'],
    ['an unknown rule', { url: 'https://example.com/hook', rules: ['everything'] }, expect.stringMatching(/^rules\.0: /)],
    ['an unknown field', { url: 'https://example.com/hook', secret: 'mine' }, expect.stringMatching(/secret/)],
  ])('refuses %s with a 422 and stores nothing', async (_, body, message) => {
    const response = await call(webhooksRoute.POST, { method: 'POST', body, as: admin });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: 'invalid_body', message });
    expect((await (await call(webhooksRoute.GET, { as: admin })).json()).webhooks).toEqual([]);
  });

  it('refuses a viewer and an analyst the webhook API (403), and lets them read alerts', async () => {
    for (const who of [viewer, analyst]) {
      expect((await call(webhooksRoute.GET, { as: who })).status).toBe(403);
      expect((await call(webhooksRoute.POST, { method: 'POST', body: { url: 'https://example.com/hook' }, as: who })).status).toBe(403);
      expect((await call(webhookRoute.DELETE, { method: 'DELETE', as: who, id: 'wh_x' })).status).toBe(403);
      expect((await call(alertsRoute, { as: who })).status).toBe(200);
    }
  });

  it('answers the secret once at creation and never again', async () => {
    const created = await call(webhooksRoute.POST, { method: 'POST', body: { url: 'https://example.com/hook', description: 'pager', rules: ['schema_drift'] }, as: admin });
    expect(created.status).toBe(201);
    const { webhook, secret } = await created.json();
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ url: 'https://example.com/hook', description: 'pager', enabled: true, rules: ['schema_drift'] });
    const listed = await (await call(webhooksRoute.GET, { as: admin })).text();
    const one = await (await call(webhookRoute.GET, { as: admin, id: webhook.id })).text();
    const patched = await (await call(webhookRoute.PATCH, { method: 'PATCH', body: { enabled: false }, as: admin, id: webhook.id })).json();
    expect(patched.webhook.enabled).toBe(false);
    for (const text of [listed, one, JSON.stringify(patched)]) expect(text).not.toContain(secret.slice(6));
    expect(await (await call(deliveriesRoute, { as: admin, id: webhook.id })).json()).toEqual({ deliveries: [], nextCursor: null });
    expect((await call(webhookRoute.DELETE, { method: 'DELETE', as: admin, id: webhook.id })).status).toBe(200);
    expect((await call(webhookRoute.GET, { as: admin, id: webhook.id })).status).toBe(404);
  });

  it('refuses a bad status filter naming it', async () => {
    const response = await call(alertsRoute, { as: viewer, query: '?status=maybe' });
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toBe('status: status: open or resolved');
  });
});
