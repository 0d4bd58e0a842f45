import type { APIRequestContext, Page } from '@playwright/test';
import { recordExperiment, replayStatus, submitForPromotion } from './experiment-steps';
import { expect, signIn, test } from './fixtures';

// Issue 14's health dashboard: the demo's datasets (loaded from the demo files at start) are listed
// with a quality score; a pipeline promoted over `products` publishes and is within its SLA; its next
// version's blocking check fails on the 500 production products (it passes on the 10 of the sandbox),
// and the dashboard marks the pipeline "SLA breached", linking to the failed run.

const PIPELINE = 'health_e2e';
const BY_CATEGORY = 'select category, count(*) as products from products group by category order by category';

async function recordNotebook(page: Page, request: APIRequestContext, title: string, cells: unknown[]) {
  const { notebook } = await (await request.post('/api/notebooks', { data: { title } })).json();
  const sandbox = { kind: 'synthetic', generatorVersion: 1, seed: 3, rows: { customers: 50, products: 10, orders: 100 } };
  expect((await request.post(`/api/notebooks/${notebook.id}/revisions`, { data: { baseRevision: 1, cells, sandbox } })).status()).toBe(201);
  await page.goto(`/notebooks/${notebook.id}`);
  await expect(page.getByRole('region', { name: 'SQL cell products_by_category' }).getByLabel('Row count')).toBeVisible({ timeout: 90_000 });
  await recordExperiment(page, title);
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 60_000 });
}

async function promote(analyst: Page, reviewer: Page, title: string, cells: unknown[], pipeline: { name: string } | { existing: string }) {
  await recordNotebook(analyst, analyst.request, title, cells);
  const url = await submitForPromotion(analyst, pipeline, ['products_by_category']);
  await expect(analyst.getByRole('status', { name: 'Request status' })).toHaveText('in review', { timeout: 90_000 });
  await reviewer.goto(url);
  await reviewer.getByRole('button', { name: 'Approve' }).click();
  await expect(reviewer.getByRole('status', { name: 'Request status' })).toHaveText('promoted');
  await reviewer.getByRole('link', { name: PIPELINE }).click();
}

test('the health dashboard scores the demo datasets and a pipeline, and marks the pipeline whose last run failed', async ({ page, browser }) => {
  test.setTimeout(360_000);
  const reviewerContext = await browser.newContext();
  try {
    await signIn(page, 'analyst');
    const reviewer = await reviewerContext.newPage();
    await signIn(reviewer, 'reviewer');

    // The demo datasets, loaded from their files at start (the page is read again until they are).
    await reviewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Health' }).click();
    await expect(reviewer.getByRole('heading', { level: 1, name: 'Health' })).toBeVisible();
    const datasets = reviewer.getByRole('region', { name: 'Datasets' });
    await expect(async () => {
      await reviewer.reload();
      for (const name of ['customers', 'order_items', 'orders', 'products']) await expect(datasets.getByRole('row', { name: `Dataset ${name}` })).toContainText('rows loaded', { timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    for (const name of ['customers', 'order_items', 'orders', 'products']) await expect(datasets.getByRole('row', { name: `Dataset ${name}` }).getByLabel(/^Quality score \d+$/)).toBeVisible();
    // A 24-hour SLA (the 1-hour ones may have passed in a long suite): fresh, loaded, scored 100.
    const products = datasets.getByRole('row', { name: 'Dataset products' });
    await expect(products).toContainText('500 rows');
    await expect(products).toContainText('within SLA');
    await expect(products.getByLabel('Quality score 100')).toBeVisible();

    await promote(page, reviewer, 'Products by category', [{ id: 'c1', kind: 'sql', name: 'products_by_category', source: BY_CATEGORY }], { name: PIPELINE });
    await expect(reviewer.getByRole('status', { name: 'Production data' })).toContainText(/Serving version 1 from run \d+/, { timeout: 60_000 });
    await reviewer.goto('/health');
    const pipeline = reviewer.getByRole('region', { name: 'Pipelines' }).getByRole('row', { name: `Pipeline ${PIPELINE}` });
    await expect(pipeline).toContainText('within SLA');
    await expect(pipeline).toContainText('published');
    await expect(pipeline).toContainText('24 h');
    await expect(pipeline.getByLabel('Quality score 100')).toBeVisible();

    // Version 2's check passes on the 10 sandbox products and fails on the 500 production ones.
    await promote(
      page,
      reviewer,
      'Products by category, with a size check',
      [
        { id: 'c1', kind: 'sql', name: 'products_by_category', source: BY_CATEGORY },
        { id: 'c2', kind: 'sql', name: 'product_count', source: 'select count(*) as n from products' },
        { id: 'k1', kind: 'check', model: 'product_count', checks: [{ id: 'small', kind: 'expression', predicate: 'n <= 10' }] },
      ],
      { existing: `${PIPELINE} (production v1)` },
    );
    await expect(reviewer.getByRole('table', { name: 'Run history' }).getByRole('row').nth(1)).toContainText('checks failed', { timeout: 60_000 });
    await expect(reviewer.getByText('SLA breached: the last run failed')).toBeVisible();

    await reviewer.goto('/health');
    await expect(pipeline).toContainText('SLA breached: the last run failed');
    await expect(pipeline).toHaveClass(/breaching/);
    await expect(pipeline).toContainText('1 of 2');
    // Half the runs passed, production's data (version 1's publish) is fresh: 25 + 50.
    await expect(pipeline.getByLabel('Quality score 75')).toBeVisible();
    await expect(pipeline.getByRole('link', { name: 'lineage' })).toHaveAttribute('href', /^\/pipelines\/[^/]+\/lineage$/);

    await pipeline.getByRole('link', { name: /^run \d+$/ }).click();
    await reviewer.waitForURL(/\/pipelines\/[^/]+\/runs\/\d+$/);
    await expect(reviewer.getByRole('group', { name: /^Check / })).toContainText('failed (blocks)');
  } finally {
    await reviewerContext.close();
  }
});
