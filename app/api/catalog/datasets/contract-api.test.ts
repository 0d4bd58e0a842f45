import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandler } from '@/lib/server/http/route';
import { callRoute } from '@/lib/server/testing/routes';

// The steward's contract editor through its API: an edit is the next version with its changes in
// words (history and audit log), analysts may read but not edit, a stale or invalid edit is refused
// and changes nothing.

let route: { GET: RouteHandler; PUT: RouteHandler };
let steward: string;
let analyst: string;

const call = (handler: RouteHandler, init: { method?: string; body?: unknown; as: string }) =>
  callRoute(handler, { ...init, cookie: init.as, query: '/catalog/datasets/customers/contract', params: { id: 'customers' } });

beforeAll(async () => {
  process.env.ASSAY_DATA_DIR = mkdtempSync(join(tmpdir(), 'assay-contract-api-'));
  delete process.env.DATABASE_URL;
  delete process.env.ASSAY_MODE;
  route = await import('./[id]/contract/route');
  const { getApp } = await import('@/lib/server/app');
  const app = await getApp();
  const { sessionCookie } = await import('@/lib/server/testing/sign-in');
  steward = await sessionCookie(app, 'steward@assay.local');
  analyst = await sessionCookie(app, 'analyst@assay.local');
});

afterAll(async () => {
  const { getApp } = await import('@/lib/server/app');
  await (await getApp()).database.close();
});

async function currentEdit() {
  const { getApp } = await import('@/lib/server/app');
  const { getDatasetOrThrow } = await import('@/lib/server/catalog/datasets');
  const dataset = await getDatasetOrThrow((await getApp()).db, 'customers');
  const { contract } = dataset;
  return {
    baseVersion: dataset.version,
    description: contract.description,
    retentionDays: contract.retentionDays,
    freshnessSlaHours: contract.freshnessSlaHours,
    columns: contract.columns.map(({ name, description, sensitivity, masking }) => ({ name, description, sensitivity, masking })),
  };
}

describe('contract API', () => {
  it('saves a steward’s edit as the next version, with its changes in the history and the audit log', async () => {
    const edit = await currentEdit();
    const columns = edit.columns.map((c) => (c.name === 'full_name' ? { ...c, masking: 'partial' as const } : c));
    const saved = await call(route.PUT, { method: 'PUT', as: steward, body: { ...edit, columns } });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ version: edit.baseVersion + 1, changes: ['full_name: masking "redact" → "partial"'] });
    const history = await (await call(route.GET, { as: analyst })).json();
    expect(history.items[0]).toMatchObject({ version: edit.baseVersion + 1, createdByName: 'Sam Steward', changes: ['full_name: masking "redact" → "partial"'] });
    expect(history.items.at(-1)).toMatchObject({ version: 1, changes: ['created'] });
    const { getApp } = await import('@/lib/server/app');
    const { auditEvents } = await import('@/lib/server/db/schema');
    const { eq } = await import('drizzle-orm');
    const [event] = await (await getApp()).db.select().from(auditEvents).where(eq(auditEvents.action, 'catalog.contract_changed'));
    expect(event?.details).toEqual({ version: edit.baseVersion + 1, changes: ['full_name: masking "redact" → "partial"'] });
  });

  it('refuses an analyst, a stale version, unmasked PII and an edit that changes nothing, and keeps the version', async () => {
    const edit = await currentEdit();
    const refusals: [string, unknown, number, string][] = [
      [analyst, { ...edit, description: 'Changed.' }, 403, 'this needs one of the roles steward, admin; you have analyst'],
      [steward, { ...edit, baseVersion: edit.baseVersion - 1, description: 'Changed.' }, 409, `contract of customers is at version ${edit.baseVersion}, not ${edit.baseVersion - 1}: reload to see the change`],
      [steward, { ...edit, columns: edit.columns.map((c) => (c.name === 'email' ? { ...c, masking: 'none' } : c)) }, 422, 'email is pii and needs a masking rule'],
      [steward, edit, 400, 'nothing changed: the contract is as it was'],
      [steward, { ...edit, description: '' }, 422, 'description: description: say what one row is'],
    ];
    for (const [as, body, status, message] of refusals) {
      const response = await call(route.PUT, { method: 'PUT', as, body });
      expect(response.status, message).toBe(status);
      expect((await response.json()).error.message).toBe(message);
    }
    expect((await currentEdit()).baseVersion).toBe(edit.baseVersion);
  });
});
