import type { APIRequestContext, Page } from '@playwright/test';
import { scratchPostgres, type ScratchSource } from '../lib/sources/testing';
import { recordExperiment, replayStatus, submitForPromotion } from './experiment-steps';
import { expect, signIn, test } from './fixtures';

// Issue 12's acceptance with three browser contexts (analyst, reviewer, steward) against a real
// PostgreSQL source: the promoted version's first run publishes; the pipeline page shows production
// rows and the run; Run now with no new snapshot is "up to date"; a new snapshot publishes new
// numbers; a version whose blocking check fails on production data publishes nothing and its owner is
// told; rolling back and forward moves the data.

const DATASET = 'run_orders';
const PIPELINE = 'orders_e2e';
const BY_STATUS = `select status, count(*) as orders, sum(amount) as amount from ${DATASET} group by status order by status`;
let pg: ScratchSource;

test.beforeAll(async () => {
  pg = await scratchPostgres();
  await pg.exec(`CREATE TABLE run_orders (id integer PRIMARY KEY, status text NOT NULL, amount numeric(10,2) NOT NULL, updated_at timestamptz NOT NULL);
    INSERT INTO run_orders SELECT g, (ARRAY['new','paid','shipped'])[1 + g % 3], g, timestamptz '2026-01-01' + g * interval '1 minute' FROM generate_series(1, 300) g`);
});
test.afterAll(async () => {
  await pg?.drop();
});

/** The steward connects the source, binds `run_orders` and loads it, through the pages. */
async function bindAndLoad(page: Page) {
  await page.goto('/connections');
  const form = page.getByRole('region', { name: 'Add a connection' });
  await form.getByLabel('Name').fill('Shop e2e');
  await form.getByLabel('Kind').selectOption('postgres');
  await form.getByLabel('Host').fill(pg.target.host);
  await form.getByLabel('Port').fill(String(pg.target.port));
  await form.getByLabel('Database').fill(pg.target.database);
  await form.getByLabel('User').fill(pg.target.user);
  await form.getByLabel('Password').fill(pg.target.password);
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByRole('region', { name: 'Connections' })).toContainText('Shop e2e');
  await page.goto('/catalog/bind');
  await page.getByLabel('Connection').selectOption({ label: 'Shop e2e' });
  await page.getByLabel('Table').selectOption(`public.${DATASET}`);
  await page.getByRole('button', { name: 'Propose contract' }).click();
  await page.getByLabel('Dataset name').fill(DATASET);
  await page.getByRole('button', { name: 'Bind dataset' }).click();
  await page.waitForURL(`**/catalog/${DATASET}`);
  await load(page);
}

async function load(page: Page) {
  await page.goto(`/catalog/${DATASET}`);
  const before = await page.getByRole('region', { name: 'Snapshots' }).getByRole('row').count();
  await page.getByRole('button', { name: 'Full load' }).click();
  await expect(page.getByRole('region', { name: 'Snapshots' }).getByRole('row')).toHaveCount(before + (before === 0 ? 2 : 1), { timeout: 60_000 });
}

/** A notebook with `cells` saved through the API, opened, run and recorded; returns the experiment page. */
async function recordNotebook(page: Page, request: APIRequestContext, title: string, cells: unknown[]) {
  const { notebook } = await (await request.post('/api/notebooks', { data: { title } })).json();
  const sandbox = { kind: 'synthetic', generatorVersion: 1, seed: 3, rows: { [DATASET]: 40, customers: 50, products: 10, orders: 100 } };
  expect((await request.post(`/api/notebooks/${notebook.id}/revisions`, { data: { baseRevision: 1, cells, sandbox } })).status()).toBe(201);
  await page.goto(`/notebooks/${notebook.id}`);
  await expect(page.getByRole('region', { name: 'SQL cell shop_by_status' }).getByLabel('Row count')).toBeVisible({ timeout: 90_000 });
  await recordExperiment(page, title);
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 60_000 });
}

async function submit(page: Page, pipeline: { name: string } | { existing: string }, outputs: string[]) {
  const url = await submitForPromotion(page, pipeline, outputs);
  await expect(page.getByRole('status', { name: 'Request status' })).toHaveText('in review', { timeout: 90_000 });
  return url;
}

async function approve(reviewer: Page, url: string) {
  await reviewer.goto(url);
  await reviewer.getByRole('button', { name: 'Approve' }).click();
  await expect(reviewer.getByRole('status', { name: 'Request status' })).toHaveText('promoted');
  await reviewer.getByRole('link', { name: PIPELINE }).click();
}

const served = (page: Page) => page.getByRole('status', { name: 'Production data' });
const grid = (page: Page, model = 'shop_by_status') => page.getByRole('grid', { name: `Production rows of ${model}` });

test('a promoted version runs and publishes, re-runs only on new data, a failing check publishes nothing, and rollback moves the data', async ({ page, browser }) => {
  test.setTimeout(420_000);
  const reviewerContext = await browser.newContext();
  const stewardContext = await browser.newContext();
  try {
    const steward = await stewardContext.newPage();
    await signIn(steward, 'steward');
    await bindAndLoad(steward);

    await signIn(page, 'analyst');
    await recordNotebook(page, page.request, 'Orders by status, v1', [{ id: 'c1', kind: 'sql', name: 'shop_by_status', source: BY_STATUS }]);
    const first = await submit(page, { name: PIPELINE }, ['shop_by_status']);

    const reviewer = await reviewerContext.newPage();
    await signIn(reviewer, 'reviewer');
    await approve(reviewer, first);
    // The promotion's first run publishes; the page shows the rows and the run.
    await expect(served(reviewer)).toContainText(/Serving version 1 from run \d+/, { timeout: 60_000 });
    await expect(grid(reviewer).getByRole('row').nth(1)).toContainText('new');
    await expect(grid(reviewer)).toContainText('15150.00');
    const runs = reviewer.getByRole('table', { name: 'Run history' });
    await expect(runs.getByRole('row').nth(1)).toContainText('published');
    await expect(runs.getByRole('row').nth(1)).toContainText('promotion');

    // No new snapshot: nothing to do.
    await reviewer.getByRole('button', { name: 'Run now' }).click();
    await expect(reviewer.getByRole('status').filter({ hasText: 'up to date' })).toHaveText(/^up to date: production already serves these snapshots, published by run \d+$/);

    // New source data, a new snapshot: the snapshot-triggered run publishes new numbers.
    await pg.exec(`UPDATE run_orders SET amount = amount + 1 WHERE status = 'new'`);
    await load(steward);
    await reviewer.reload();
    await expect(grid(reviewer)).toContainText('15250.00', { timeout: 60_000 });
    await expect(runs.getByRole('row').nth(1)).toContainText('snapshot');

    // Version 2's check passes on the 40-order sandbox and fails on the 300 production orders.
    await recordNotebook(page, page.request, 'Orders by status, v2 with a size check', [
      { id: 'c1', kind: 'sql', name: 'shop_by_status', source: BY_STATUS },
      { id: 'c2', kind: 'sql', name: 'order_count', source: `select count(*) as n from ${DATASET}` },
      { id: 'k1', kind: 'check', model: 'order_count', checks: [{ id: 'small', kind: 'expression', predicate: 'n <= 40' }] },
    ]);
    const second = await submit(page, { existing: `${PIPELINE} (production v1)` }, ['shop_by_status']);
    await approve(reviewer, second);
    await expect(runs.getByRole('row').nth(1)).toContainText('checks failed', { timeout: 60_000 });
    await expect(served(reviewer)).toContainText('Serving version 1');
    await expect(served(reviewer)).toContainText('version 2 has not published yet');
    await expect(grid(reviewer)).toContainText('15250.00');
    await runs.getByRole('row').nth(1).getByRole('link').click();
    await expect(reviewer.getByRole('group', { name: /^Check / })).toContainText('failed (blocks)');
    await expect(reviewer.getByRole('table', { name: /^Failing rows of / })).toContainText('300');
    // The run's OpenLineage START and FAIL went to the e2e server's NDJSON file (ASSAY_OPENLINEAGE_FILE),
    // delivered by the delivery lane shortly after the run: the server-rendered page says so once reloaded.
    await expect(async () => {
      await reviewer.reload();
      await expect(reviewer.getByRole('status', { name: 'OpenLineage emission' })).toHaveText('OpenLineage — file: START delivered, FAIL delivered', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    // The owner (the analyst whose request created the pipeline) is told.
    await page.goto('/notifications');
    await expect(page.getByRole('main')).toContainText(/orders_e2e: run \d+ of version 2 failed its checks; production still serves the previous publish/);

    // Version 3 adds a column and publishes; rollback to 1 and forward to 3 move the data each time.
    await recordNotebook(page, page.request, 'Orders by status, v3 with the largest order', [
      { id: 'c1', kind: 'sql', name: 'shop_by_status', source: `select status, count(*) as orders, sum(amount) as amount, max(amount) as largest from ${DATASET} group by status order by status` },
    ]);
    const third = await submit(page, { existing: `${PIPELINE} (production v2)` }, ['shop_by_status']);
    await approve(reviewer, third);
    await expect(served(reviewer)).toContainText('Serving version 3', { timeout: 60_000 });
    await expect(grid(reviewer).getByRole('columnheader', { name: /largest/ })).toBeVisible();
    await reviewer.getByRole('button', { name: 'Roll back to version 1' }).click();
    await expect(served(reviewer)).toContainText('Serving version 1', { timeout: 5_000 });
    await expect(served(reviewer)).toContainText('by a rollback');
    await expect(grid(reviewer).getByRole('columnheader', { name: /largest/ })).toHaveCount(0);
    await reviewer.getByRole('button', { name: 'Roll forward to version 3' }).click();
    await expect(served(reviewer)).toContainText('Serving version 3', { timeout: 5_000 });
    await expect(grid(reviewer).getByRole('columnheader', { name: /largest/ })).toBeVisible();

    // The steward keeps one run's tables: expiring names version 1 as losing its data and waits for
    // the confirmation; the served run keeps its tables.
    await steward.goto(reviewer.url());
    const retention = steward.getByRole('group', { name: 'Run retention' });
    await expect(retention).toContainText('Every run keeps its tables (no retention policy).');
    await retention.getByLabel('Runs with tables to keep').fill('1');
    await retention.getByRole('button', { name: 'Save retention' }).click();
    await expect(retention).toContainText(/Expiring now drops the tables of runs? [\d, ]+\./);
    const expire = retention.getByRole('button', { name: /^Expire \d+ runs?$/ });
    await expect(expire).toBeDisabled();
    await retention.getByLabel(/Version 1 will have no tables/).check();
    await expire.click();
    await expect(retention).toContainText('Nothing to expire.');
    await expect(steward.getByRole('table', { name: 'Run history' })).toContainText('tables expired');
    await expect(grid(steward)).toContainText('15250.00');
  } finally {
    await reviewerContext.close();
    await stewardContext.close();
  }
});
