import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDatasets } from '@/lib/server/catalog/datasets';
import { listNotebooks, getNotebookOrThrow } from '@/lib/server/notebooks/notebooks';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoWorkspace } from './seed';

const FIRST_PAGE = { after: null, limit: 200 };

describe.each(TEST_DATABASES)('demo workspace on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await openTestApp(kind);
  });
  afterAll(() => app.close());

  it('seeds one user per role, the catalog and an example notebook, once', async () => {
    expect((await seedDemoWorkspace(app)).created).toBe(true);
    expect((await seedDemoWorkspace(app)).created).toBe(false);
    expect((await listDatasets(app.db)).map((d) => d.name)).toEqual(['customers', 'order_items', 'orders', 'products']);
    const [notebook] = (await listNotebooks(app.db, {}, FIRST_PAGE)).items;
    expect(notebook?.ownerName).toBe('Ada Analyst');
    const cells = (await getNotebookOrThrow(app.db, notebook!.id)).cells;
    expect(cells.filter((c) => c.kind === 'sql').map((c) => c.kind === 'sql' && c.name)).toEqual(['clean_orders', 'order_lines', 'revenue_by_product_category']);
    expect((await getNotebookOrThrow(app.db, notebook!.id)).sandbox).toMatchObject({ kind: 'synthetic', seed: 7 });
  });

  it('signs every demo user in with the published password, and refuses a wrong one', async () => {
    for (const user of DEMO_USERS) {
      const ok = await app.auth.api.signInEmail({ body: { email: user.email, password: DEMO_PASSWORD }, asResponse: true });
      expect(ok.status, user.email).toBe(200);
    }
    const wrong = await app.auth.api.signInEmail({ body: { email: 'analyst@assay.local', password: 'not-the-password' }, asResponse: true });
    expect(wrong.status).toBe(401);
  });

  it('marks PII columns of customers with a masking rule', async () => {
    const customers = (await listDatasets(app.db)).find((d) => d.name === 'customers');
    const pii = customers?.contract.columns.filter((c) => c.sensitivity === 'pii') ?? [];
    expect(pii.map((c) => [c.name, c.masking])).toEqual([
      ['email', 'hash'],
      ['full_name', 'redact'],
    ]);
  });
});
