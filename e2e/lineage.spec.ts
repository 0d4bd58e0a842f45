import { expect, test } from './fixtures';
import { generateSmallSandbox, recordExperiment } from './experiment-steps';
import { addSqlCell, newNotebook } from './notebook-steps';

// Issue 13 item 7: an experiment's column lineage drawn as a graph, tables opening to their columns,
// PII marked where it is and where it is carried unmasked — and not where it was only counted.
test('the lineage page of an experiment draws sources → models and marks the PII columns', async ({ page }) => {
  test.setTimeout(180_000);
  await newNotebook(page);
  await generateSmallSandbox(page);
  await addSqlCell(page, 'customer_orders', 'select c.customer_id, c.email, count(o.order_id) as orders\nfrom customers c join orders o using (customer_id)\ngroup by all');
  const id = await recordExperiment(page, 'Orders per customer');

  await page.getByRole('link', { name: 'Column lineage' }).click();
  await page.waitForURL(`**/experiments/${id}/lineage`);
  await expect(page.getByRole('heading', { level: 1, name: 'Lineage of Orders per customer' })).toBeVisible();
  const graph = page.getByRole('img', { name: 'Lineage graph' });
  await expect(graph.getByRole('group', { name: 'source customers' })).toBeVisible();
  await expect(graph.getByRole('group', { name: 'source orders' })).toBeVisible();
  await expect(graph.getByRole('group', { name: 'output customer_orders' })).toContainText('3 col · 1 PII');
  await expect(page.getByLabel('Column lineage')).toContainText('model columns carrying PII unmasked: customer_orders.email.');

  const columns = graph.getByRole('button', { name: 'Columns of customer_orders' });
  await expect(columns).toHaveAttribute('aria-expanded', 'false');
  await columns.click();
  await expect(columns).toHaveAttribute('aria-expanded', 'true');
  const model = graph.getByRole('group', { name: 'output customer_orders' });
  await expect(model.getByLabel('customer_orders.email (pii)')).toContainText('PII');
  await expect(model.getByLabel('customer_orders.orders', { exact: true })).toBeVisible();

  await graph.getByRole('button', { name: 'Columns of customers' }).press('Enter');
  const source = graph.getByRole('group', { name: 'source customers' });
  await expect(source.getByLabel('customers.email (pii)')).toContainText('PII');
  await expect(source.getByLabel('customers.full_name (pii)')).toBeVisible();
  await expect(source.getByLabel('customers.country', { exact: true })).toBeVisible();
});
