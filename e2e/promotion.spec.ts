import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';
import { recordExperiment, replayStatus, submitForPromotion } from './experiment-steps';
import { typeInto } from './notebook-steps';

// Issue 5's acceptance with two browser contexts: the analyst submits, the gates run with evidence,
// the analyst cannot approve, the reviewer sees SQL, schema and data diffs and approves, production
// moves to version 2, the reviewer rolls back to version 1, and the audit log verifies.

const demoNotebook = async (page: Page) => {
  await page.goto('/notebooks');
  await page.getByRole('link', { name: 'Revenue by category' }).click();
  await expect(page.getByRole('region', { name: 'SQL cell revenue_by_product_category' }).getByLabel('Row count')).toBeVisible({ timeout: 90_000 });
};

/** Submits the experiment on screen with revenue_by_product_category as the one output. */
async function submit(page: Page, pipeline: { name: string } | { existing: string }, { breaking = false } = {}) {
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 60_000 });
  return submitForPromotion(page, pipeline, ['revenue_by_product_category'], { breaking });
}

test('analyst submits, gates show evidence, the author cannot approve, the reviewer approves v1 and v2 with diffs, then rolls back to v1; the audit chain verifies', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await signIn(page, 'analyst');
  await demoNotebook(page);
  await recordExperiment(page, 'Revenue by category, v1');
  const first = await submit(page, { name: 'revenue_e2e' });
  const status = page.getByRole('status', { name: 'Request status' });
  await expect(status).toHaveText('in review', { timeout: 90_000 });
  const gates = page.getByRole('list', { name: 'Gate results' });
  for (const gate of ['reproducible', 'quality', 'compatible', 'compliant', 'documented']) await expect(gates.getByRole('listitem').filter({ hasText: gate })).toContainText('pass');
  await gates.getByRole('listitem').filter({ hasText: 'reproducible' }).getByText('evidence').click();
  await expect(gates.getByRole('listitem').filter({ hasText: 'reproducible' })).toContainText('"fingerprint": "fp2:');
  // The author cannot approve their own request: no Approve button, and the API refuses too.
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(page.getByRole('note', { name: 'Why you cannot decide' })).toHaveText('You submitted this request: the author can never approve or decide it.');
  const requestId = first.split('/').at(-1)!;
  const promotion = (await (await page.request.get(`/api/promotions/${requestId}`)).json()).promotion;
  const own = await page.request.post(`/api/promotions/${requestId}/reviews`, { data: { decision: 'approve', artifactId: promotion.artifact.id, gateRunId: promotion.gateRun.id, comment: '' } });
  expect(own.status()).toBe(403);

  const reviewerContext = await browser.newContext();
  try {
    const reviewer = await reviewerContext.newPage();
    await signIn(reviewer, 'reviewer');
    // The reviewer finds the request in the queue of open requests.
    await reviewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipelines' }).click();
    const queue = reviewer.getByRole('region', { name: 'Open requests' });
    await expect(queue.getByRole('row', { name: /Revenue by category, v1/ })).toContainText('in review');
    await queue.getByRole('link', { name: 'Revenue by category, v1' }).click();
    await expect(reviewer).toHaveURL(first);
    await reviewer.getByRole('button', { name: 'Approve' }).click();
    await expect(reviewer.getByRole('status', { name: 'Request status' })).toHaveText('promoted');
    await reviewer.getByRole('link', { name: 'revenue_e2e' }).click();
    await expect(reviewer.getByRole('status', { name: 'Production version' })).toHaveText('production: version 1');
    await reviewer.goto('/pipelines');
    await expect(reviewer.getByRole('region', { name: 'Decided requests' }).getByRole('row', { name: /Revenue by category, v1/ })).toContainText('promoted');
    await expect(reviewer.getByRole('region', { name: 'Open requests' }).getByRole('row', { name: /Revenue by category, v1/ })).toHaveCount(0);

    // Version 2: the analyst adds a column to the output and submits to the same pipeline.
    await demoNotebook(page);
    await typeInto(
      page,
      'SQL for model revenue_by_product_category',
      'select category, count(distinct order_id) as orders, sum(quantity) as units, round(sum(net_amount), 2) as revenue, max(net_amount) as largest\nfrom order_lines\ngroup by category\norder by revenue desc',
    );
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByRole('grid', { name: 'Result of revenue_by_product_category' }).getByRole('columnheader', { name: /largest/ })).toBeVisible({ timeout: 30_000 });
    await recordExperiment(page, 'Revenue by category, v2 with the largest order');
    const second = await submit(page, { existing: 'revenue_e2e (production v1)' });
    await expect(page.getByRole('status', { name: 'Request status' })).toHaveText('in review', { timeout: 90_000 });

    await reviewer.goto(second);
    await expect(reviewer.getByRole('figure', { name: 'SQL diff of revenue_by_product_category' }).locator('.monaco-diff-editor')).toBeVisible({ timeout: 30_000 });
    await expect(reviewer.getByRole('table', { name: 'Schema changes' })).toContainText('revenue_by_product_category.largest');
    await expect(reviewer.getByRole('table', { name: 'Schema changes' })).toContainText('non-breaking');
    const data = reviewer.getByRole('group', { name: 'Data diff of revenue_by_product_category' });
    await expect(data).toContainText('Rows: 6 → 6 (0)');
    await expect(data).toContainText('new columns: largest');
    await reviewer.getByLabel('Comment').fill('The largest order helps spot outliers.');
    await reviewer.getByRole('button', { name: 'Approve' }).click();
    await expect(reviewer.getByRole('status', { name: 'Request status' })).toHaveText('promoted');
    await expect(reviewer.getByRole('list', { name: 'Reviews' })).toContainText('The largest order helps spot outliers.');

    await reviewer.getByRole('link', { name: 'revenue_e2e' }).click();
    await expect(reviewer.getByRole('status', { name: 'Production version' })).toHaveText('production: version 2');
    await expect(reviewer.getByRole('row', { name: /^Version 2/ })).toContainText('Revenue by category, v2 with the largest order');
    const inProduction = (version: number) => reviewer.getByRole('region', { name: `In production: version ${version}` }).getByRole('table', { name: 'Columns of revenue_by_product_category' });
    await expect(inProduction(2)).toContainText('largest');
    await reviewer.getByRole('button', { name: 'Roll back to version 1' }).click();
    await expect(reviewer.getByRole('status', { name: 'Production version' })).toHaveText('production: version 1');
    await expect(reviewer.getByRole('row', { name: /^Version 1/ })).toContainText('production');
    await expect(inProduction(1)).toContainText('revenue');
    await expect(inProduction(1)).not.toContainText('largest');
    await expect(reviewer.getByRole('region', { name: 'Production history' }).getByRole('listitem').first()).toContainText('Rita Reviewer · moved production from version 2 to 1');

    await reviewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    const verification = reviewer.getByRole('region', { name: 'Chain verification' });
    await expect(verification.getByRole('status', { name: 'Chain status' })).toHaveText('verified');
    await reviewer.goto('/audit?action=pipeline.rolled_back');
    await expect(reviewer.getByRole('region', { name: 'Audit events' })).toContainText('pipeline.rolled_back');
  } finally {
    await reviewerContext.close();
  }
});
