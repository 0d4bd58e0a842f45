import { expect, signIn, test } from './fixtures';
import { recordExperiment, replayStatus } from './experiment-steps';

// Issue 17's acceptance for promotion: the analyst submits the demo notebook with one output model,
// describes only it, fails the documented gate on purpose (one column left empty), fixes the
// submission on the same request and passes; the reviewer lands on the Reviews inbox, finds it and
// approves. Screenshots of the dialog and the inbox are kept in test-results/.

test('one output, a failed documented gate fixed on the same request, and the reviewer approves it from the inbox', async ({ page, browser }) => {
  test.setTimeout(300_000);
  await signIn(page, 'analyst');
  await page.getByRole('link', { name: 'Revenue by category' }).click();
  await expect(page.getByRole('region', { name: 'SQL cell revenue_by_product_category' }).getByLabel('Row count')).toBeVisible({ timeout: 90_000 });
  await recordExperiment(page, 'Revenue by category, one output');
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 60_000 });

  await page.getByRole('button', { name: 'Submit for promotion' }).click();
  const dialog = page.getByRole('dialog', { name: 'Submit for promotion' });
  await dialog.getByLabel('Pipeline', { exact: true }).selectOption({ label: 'New pipeline…' });
  // An empty form is refused in the browser, in words.
  await dialog.getByRole('button', { name: 'Submit' }).click();
  const problems = dialog.getByRole('alert', { name: 'Problems' });
  await expect(problems).toContainText('New pipeline name: a pipeline name');
  await expect(problems).toContainText('Output models: choose at least one output model');
  await expect(problems).not.toContainText('submission.');

  await dialog.getByLabel('New pipeline name').fill('revenue_inbox_e2e');
  await dialog.getByLabel('Publish revenue_by_product_category as an output').check();
  // Intermediate models ask for nothing.
  for (const model of ['clean_orders', 'order_lines']) {
    await expect(dialog.getByRole('group', { name: `Model ${model}` })).toContainText('Intermediate: runs and stays in the lineage, not published.');
    await expect(dialog.getByLabel(`Description of ${model}`, { exact: true })).toHaveCount(0);
  }
  await dialog.getByLabel('Description of revenue_by_product_category', { exact: true }).fill('Revenue of delivered and shipped EUR orders per product category.');
  await dialog.getByLabel('Description of revenue_by_product_category.category').fill('Top-level product category.');
  await dialog.getByLabel('Description of revenue_by_product_category.orders').fill('Orders with at least one line in the category.');
  await dialog.getByLabel('Description of revenue_by_product_category.units').fill('Units sold.');
  // revenue is left empty on purpose: the dialog warns, the documented gate will fail.
  await expect(dialog.getByRole('note', { name: 'Missing descriptions' })).toHaveText(
    '1 description still empty, so the documented gate will fail: Description of revenue_by_product_category.revenue',
  );
  await page.setViewportSize({ width: 1280, height: 1500 });
  await dialog.screenshot({ path: 'test-results/promotion-inbox-dialog.png' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/\/promotions\/pr_[0-9a-f]{16}$/);
  const request = page.url();

  const status = page.getByRole('status', { name: 'Request status' });
  await expect(status).toHaveText('gates failed', { timeout: 90_000 });
  const gate = (name: string) => page.getByRole('list', { name: 'Gate results' }).getByRole('listitem').filter({ hasText: name });
  await expect(gate('documented')).toContainText('1 missing: revenue_by_product_category.revenue: no description');
  await expect(gate('quality')).toContainText('pass');
  await expect(page.getByText('Outputs: revenue_by_product_category')).toBeVisible();

  // The fix: a new submission on the same request, prefilled with the first one.
  await page.getByRole('button', { name: 'Fix the submission' }).click();
  const fix = page.getByRole('dialog', { name: 'Submit for promotion' });
  await expect(fix.getByRole('heading', { name: 'Fix the submission' })).toBeVisible();
  await expect(fix.getByLabel('Description of revenue_by_product_category.units')).toHaveValue('Units sold.');
  await fix.getByLabel('Description of revenue_by_product_category.revenue').fill('Net revenue in EUR: quantity × unit price − discount.');
  await expect(fix.getByRole('note', { name: 'Missing descriptions' })).toHaveCount(0);
  await fix.getByRole('button', { name: 'Submit as submission 2' }).click();
  await expect(status).toHaveText('in review', { timeout: 90_000 });
  await expect(page).toHaveURL(request);
  for (const name of ['reproducible', 'quality', 'compatible', 'compliant', 'documented']) await expect(gate(name)).toContainText('pass');
  await expect(page.getByRole('list', { name: 'Submissions' })).toContainText('submission 1 — superseded by submission 2');
  await expect(page.getByRole('list', { name: 'Request history' })).toContainText('gates failed');

  const reviewerContext = await browser.newContext();
  try {
    const reviewer = await reviewerContext.newPage();
    await signIn(reviewer, 'reviewer');
    // The landing page of a reviewer is the inbox, with the count in the top bar.
    await reviewer.goto('/');
    await expect(reviewer).toHaveURL(/\/reviews$/);
    await expect(reviewer.getByRole('heading', { level: 1, name: 'Reviews' })).toBeVisible();
    await expect(reviewer.getByRole('link', { name: /^Reviews, [1-9]\d* waiting for you$/ })).toBeVisible();
    const inbox = reviewer.getByRole('region', { name: 'Waiting for you' });
    const row = inbox.getByRole('row', { name: /Revenue by category, one output/ });
    await expect(row).toContainText('revenue_inbox_e2e');
    await expect(row).toContainText('Ada Analyst');
    await reviewer.screenshot({ path: 'test-results/promotion-inbox-reviews.png', fullPage: true });
    await row.getByRole('link', { name: 'Revenue by category, one output' }).click();
    await expect(reviewer).toHaveURL(request);
    await reviewer.getByRole('button', { name: 'Approve' }).click();
    await expect(reviewer.getByRole('status', { name: 'Request status' })).toHaveText('promoted');

    await reviewer.getByRole('link', { name: /^Reviews, \d+ waiting for you$/ }).click();
    await expect(reviewer.getByRole('region', { name: 'Waiting for you' }).getByRole('row', { name: /Revenue by category, one output/ })).toHaveCount(0);

    // The pipeline publishes the one output; the intermediate models are named, not shown as outputs.
    await reviewer.goto(request);
    await reviewer.getByRole('link', { name: 'revenue_inbox_e2e' }).click();
    const production = reviewer.getByRole('region', { name: 'In production: version 1' });
    await expect(production.getByRole('table', { name: 'Columns of revenue_by_product_category' })).toContainText('Net revenue in EUR');
    await expect(production.getByRole('table', { name: 'Columns of clean_orders' })).toHaveCount(0);
    await expect(production).toContainText('intermediate models that also run: clean_orders, order_lines');
  } finally {
    await reviewerContext.close();
  }
});

test('the author withdraws a request; it says so, and the same experiment can be submitted again', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, 'analyst');
  await page.getByRole('link', { name: 'Revenue by category' }).click();
  await expect(page.getByRole('region', { name: 'SQL cell revenue_by_product_category' }).getByLabel('Row count')).toBeVisible({ timeout: 90_000 });
  await recordExperiment(page, 'Revenue by category, withdrawn');
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 60_000 });
  const experiment = page.url();
  const submitNew = async (name: string) => {
    await page.getByRole('button', { name: 'Submit for promotion' }).click();
    const dialog = page.getByRole('dialog', { name: 'Submit for promotion' });
    await dialog.getByLabel('Pipeline', { exact: true }).selectOption({ label: 'New pipeline…' });
    await dialog.getByLabel('New pipeline name').fill(name);
    await dialog.getByLabel('Publish revenue_by_product_category as an output').check();
    for (const input of await dialog.getByLabel(/^Description of /).all()) if ((await input.inputValue()) === '') await input.fill('Documented in the e2e test.');
    const revenue = await dialog.getByLabel('Description of revenue_by_product_category.revenue').inputValue();
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/\/promotions\/pr_[0-9a-f]{16}$/);
    return { url: page.url(), revenue };
  };
  const { url: first, revenue } = await submitNew('revenue_withdrawn_e2e');
  await expect(page.getByRole('status', { name: 'Request status' })).toHaveText('in review', { timeout: 90_000 });
  await page.getByLabel('Why you withdraw it').fill('Wrong pipeline name.');
  await page.getByRole('button', { name: 'Withdraw' }).click();
  await expect(page.getByRole('status', { name: 'Request status' })).toHaveText('withdrawn');
  await expect(page.getByRole('note', { name: 'Closed' })).toContainText('Withdrawn by Ada Analyst');
  await expect(page.getByRole('note', { name: 'Closed' })).toContainText('Wrong pipeline name.');
  await expect(page.getByRole('button', { name: 'Fix the submission' })).toHaveCount(0);

  await page.goto(experiment);
  await page.getByRole('button', { name: 'Submit for promotion' }).click();
  const dialog = page.getByRole('dialog', { name: 'Submit for promotion' });
  await dialog.getByLabel('Pipeline', { exact: true }).selectOption({ label: 'revenue_withdrawn_e2e (no version yet)' });
  // Prefilled from the withdrawn submission: outputs and descriptions.
  await expect(dialog.getByLabel('Publish revenue_by_product_category as an output')).toBeChecked();
  await expect(dialog.getByLabel('Description of revenue_by_product_category.revenue')).toHaveValue(revenue);
  await expect(dialog.getByRole('note', { name: 'Open request' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/\/promotions\/pr_[0-9a-f]{16}$/);
  const second = page.url();
  expect(second).not.toBe(first);
  await expect(page.getByRole('status', { name: 'Request status' })).toHaveText('in review', { timeout: 90_000 });
  await page.goto(first);
  await expect(page.getByRole('note', { name: 'Closed' })).toContainText(`Submitted again as ${second.split('/').at(-1)}`);
});
