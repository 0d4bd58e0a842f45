import { recordExperiment, replayStatus } from './experiment-steps';
import { expect, signIn, test } from './fixtures';
import { addSqlCell, firstDataRow, newNotebook } from './notebook-steps';

// Issue 13's acceptance: an analyst switches a notebook to a 10% sample of production (the demo
// catalog's file-backed snapshots), sees masked e-mails, redacted names and pseudonymised customer ids
// that still join, records an experiment, and the server's replay over the stored sample matches. A
// reload fetches the same sample again.

test('an analyst works on a masked 10% sample of production; the experiment replays on the server from the same sample', async ({ page }) => {
  test.setTimeout(180_000);
  await newNotebook(page);
  const panel = page.getByRole('region', { name: 'Sandbox data' });
  await panel.getByLabel('Sandbox data source').selectOption('sample');
  await expect(panel.getByLabel('Sample rate')).toHaveValue('0.1');
  await panel.getByLabel('Seed').fill('7');
  await panel.getByRole('button', { name: 'Draw sample' }).click();
  const tables = panel.getByRole('table', { name: 'Generated tables' });
  await expect(tables).toContainText(/sample sm_[0-9a-f]{16} of production, 10%, seed 7, masked/, { timeout: 120_000 });
  for (const name of ['customers', 'orders', 'products', 'order_items']) await expect(tables.getByRole('cell', { name, exact: true })).toBeVisible();
  const sampleId = /sm_[0-9a-f]{16}/.exec((await tables.textContent()) ?? '')![0];
  await panel.screenshot({ path: 'test-results/sample-panel.png' });

  await addSqlCell(page, 'people', "SELECT count(*) FILTER (WHERE email LIKE '%@%') = count(*) AS emails_shaped, bool_and(full_name = '[redacted]') AS names_redacted, min(customer_id) < 0 OR max(customer_id) > 10000 AS ids_pseudonymised FROM customers");
  await expect(firstDataRow(page, 'people')).toContainText(/true\s*true\s*true/);
  await addSqlCell(page, 'joined', 'SELECT (SELECT count(*) FROM orders JOIN customers USING (customer_id)) = (SELECT count(*) FROM orders) AS every_order_joins, (SELECT count(*) FROM orders) > 0 AS has_orders');
  await expect(firstDataRow(page, 'joined')).toContainText(/true\s*true/);

  await recordExperiment(page, 'Orders on a production sample');
  await expect(page.getByText(`Sample of production ${sampleId} (10% of each root dataset, seed 7, masked by the contracts)`)).toBeVisible();
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 90_000 });

  // The notebook saved the sample: opening it again fetches the same one.
  await page.goBack();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Sandbox data' }).getByRole('table', { name: 'Generated tables' })).toContainText(sampleId, { timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Sandbox data' }).getByLabel('Sandbox data source')).toHaveValue('sample');
});

test('bad sample requests are refused by name; a viewer may not draw one', async ({ page, browser, request }) => {
  await newNotebook(page);
  const missing = await page.request.get('/api/samples/sm_0000000000000000');
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.message).toBe('sample sm_0000000000000000 does not exist');
  const badRate = await page.request.post('/api/samples', { data: { rate: 2, seed: 1 } });
  expect(badRate.status()).toBe(422);
  expect(JSON.stringify(await badRate.json())).toContain('rate: at most 1');
  const unknown = await page.request.post('/api/samples', { data: { rate: 0.1, seed: 1, datasets: ['nope'] } });
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.message).toBe('dataset nope is not a source dataset of the catalog');
  expect((await request.post('/api/samples', { data: { rate: 0.1, seed: 1 } })).status()).toBe(401);

  const viewerContext = await browser.newContext();
  try {
    const viewer = await viewerContext.newPage();
    await signIn(viewer, 'viewer');
    const refused = await viewer.request.post('/api/samples', { data: { rate: 0.1, seed: 1 } });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toContain('this needs one of the roles analyst, steward');
  } finally {
    await viewerContext.close();
  }
});
