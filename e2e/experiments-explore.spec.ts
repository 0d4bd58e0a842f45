import { expect, signIn, test } from './fixtures';
import { addSqlCell, newNotebook, typeInto } from './notebook-steps';
import { generateSmallSandbox, recordExperiment, replayStatus } from './experiment-steps';

// Working with recorded experiments: the list's filters, fork → change → record → compare, archive.

test('an experiment forks into a notebook at exactly its state; the change records as a child and compares against its parent', async ({ page }) => {
  await newNotebook(page);
  await generateSmallSandbox(page);
  await addSqlCell(page, 'by_status', 'select status, count(*) as orders from orders group by status order by status');
  const parent = await recordExperiment(page, 'Orders by status', { tags: 'orders' });
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 60_000 });

  await page.getByRole('button', { name: 'Fork into a notebook' }).click();
  await page.waitForURL(/\/notebooks\/nb_/);
  await expect(page.getByRole('heading', { level: 1, name: 'Orders by status (fork)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'SQL cell by_status' }).getByLabel('Row count')).toBeVisible({ timeout: 60_000 });
  await typeInto(page, 'SQL for model by_status', "select status, count(*) as orders, count(distinct customer_id) as customers from orders where status <> 'cancelled' group by status order by status");
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('grid', { name: 'Result of by_status' }).getByRole('columnheader', { name: /customers/ })).toBeVisible({ timeout: 30_000 });
  const child = await recordExperiment(page, 'Orders by status, without cancelled');
  await expect(page.getByText('forked from')).toBeVisible();
  await expect(page.getByRole('link', { name: `${parent.slice(0, 12)}…` })).toBeVisible();

  await page.getByLabel('Compare with').selectOption(parent);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.waitForURL(new RegExp(`/experiments/compare\\?a=${parent}&b=${child}`));
  const code = page.getByRole('region', { name: 'Code differences' });
  await expect(code.getByRole('figure', { name: 'Diff of model by_status' })).toContainText("+select status, count(*) as orders, count(distinct customer_id) as customers from orders where status <> 'cancelled' group by status order by status");
  const models = page.getByRole('region', { name: 'Model differences' });
  await expect(models).toContainText('+ customers');
  await expect(models).toContainText('different fingerprint');
  await expect(page.getByRole('region', { name: 'Input and engine' })).toContainText('Same sandbox input');

  // The list pages one at a time here: the child (newest) first, then older ones, the search kept.
  await page.goto('/experiments?q=orders+by+status&limit=1');
  const list = page.getByRole('region', { name: 'Experiments' });
  await expect(list.getByRole('row')).toHaveCount(2);
  await expect(list.getByRole('link', { name: 'Orders by status, without cancelled' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Experiment pages' }).getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/q=orders\+by\+status.*limit=1.*cursor=/);
  await expect(list.getByRole('row')).toHaveCount(2);
  await expect(list.getByRole('link', { name: 'Orders by status, without cancelled' })).toHaveCount(0);
  await expect(page.getByLabel('Search experiments')).toHaveValue('orders by status');
  await page.goto(`/experiments?q=other&cursor=${new URL(page.url()).searchParams.get('cursor')}`);
  await expect(page.getByRole('alert').filter({ hasText: 'cursor:' })).toContainText('cursor: was issued for other filters');
});

test('the experiment list filters by title, tag, author and replay status, and archiving hides an experiment without deleting it', async ({ page }) => {
  await newNotebook(page);
  await generateSmallSandbox(page);
  await addSqlCell(page, 'tiny', 'select count(*) as n from customers');
  const id = await recordExperiment(page, 'Customer count for the list', { tags: 'listing, counts' });
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 60_000 });

  await page.goto('/experiments?q=counts');
  const list = page.getByRole('region', { name: 'Experiments' });
  await expect(list.getByRole('link', { name: 'Customer count for the list' })).toBeVisible();
  await page.goto('/experiments?q=no+such+experiment+title');
  await expect(list).toContainText('No experiments match these filters');
  await page.goto('/experiments?replay=mismatch&q=customer+count');
  await expect(list.getByRole('link', { name: 'Customer count for the list' })).toHaveCount(0);
  await page.goto('/experiments?replay=match&scope=mine&q=customer+count');
  await expect(list.getByRole('row', { name: /Customer count for the list/ })).toContainText('Replay: match');
  await page.goto('/experiments?replay=bogus');
  await expect(page.getByRole('alert').filter({ hasText: 'replay' })).toBeVisible();

  // Another user sees it under everyone's, not under theirs.
  await signIn(page, 'reviewer');
  await page.goto('/experiments?scope=mine&q=customer+count');
  await expect(list.getByRole('link', { name: 'Customer count for the list' })).toHaveCount(0);
  await page.goto('/experiments?q=customer+count');
  await expect(list.getByRole('link', { name: 'Customer count for the list' })).toBeVisible();

  await signIn(page, 'analyst');
  await page.goto(`/experiments/${id}`);
  await page.getByRole('button', { name: 'Archive' }).click();
  await expect(page.getByText('Archived', { exact: true })).toBeVisible();
  await page.goto('/experiments?q=customer+count');
  await expect(list.getByRole('link', { name: 'Customer count for the list' })).toHaveCount(0);
  await page.goto('/experiments?q=customer+count&archived=true');
  await expect(list.getByRole('row', { name: /Customer count for the list/ })).toContainText('archived');
  await page.goto(`/experiments/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Customer count for the list' })).toBeVisible();
});
