import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { newNotebook, typeInto, addSqlCell } from './notebook-steps';

// The acceptance flow of the workbench issue, as a new analyst would walk it.
test.setTimeout(300_000);

async function generate(page: Page, seed: number, orders: number): Promise<Record<string, string>> {
  const panel = page.getByRole('region', { name: 'Sandbox data' });
  await panel.getByLabel('Seed').fill(String(seed));
  await panel.getByLabel('Rows in orders').fill(String(orders));
  await panel.getByRole('button', { name: 'Generate' }).click();
  const tables = panel.getByRole('table', { name: 'Generated tables' });
  await expect(tables).toContainText(`seed ${seed}`, { timeout: 120_000 });
  await expect(tables.getByRole('row').filter({ hasText: /^orders/ })).toContainText(orders.toLocaleString('en-US'));
  return tableHashes(panel);
}

/** Full content hash of each generated table (the panel shows a prefix, the title holds it all). */
async function tableHashes(panel: Locator): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const row of await panel.getByRole('table', { name: 'Generated tables' }).locator('tbody tr').all()) {
    const name = (await row.locator('td').nth(0).textContent())?.trim() ?? '';
    hashes[name] = (await row.locator('td').nth(3).getAttribute('title')) ?? '';
  }
  // The demo's four, and whatever datasets earlier specs added to the catalog (files.spec's budgets).
  expect(Object.keys(hashes)).toEqual(expect.arrayContaining(['customers', 'order_items', 'orders', 'products']));
  for (const hash of Object.values(hashes)) expect(hash).toMatch(/^[0-9a-f]{16,}$/);
  return hashes;
}

test('generate data, build a reactive chain with checks, scroll a million rows, reload', async ({ page }) => {
  await newNotebook(page);
  const seven = await generate(page, 7, 1_000_000);

  await addSqlCell(page, 'orders_clean', "select * from orders where status <> 'cancelled'");
  const clean = page.getByRole('region', { name: 'SQL cell orders_clean' });
  await expect(clean.getByLabel('Row count')).toHaveText(/rows$/, { timeout: 60_000 });

  await addSqlCell(page, 'by_status', 'select status, count(*) as n from orders_clean group by status order by status');
  const byStatus = page.getByRole('region', { name: 'SQL cell by_status' });
  await expect(byStatus.getByLabel('Row count')).toHaveText('4 rows');

  // Edit the first model; the second re-runs on its own.
  await typeInto(page, 'SQL for model orders_clean', "select * from orders where status not in ('cancelled', 'returned')");
  await expect(byStatus.getByText('Stale', { exact: true })).toBeVisible();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(byStatus.getByLabel('Row count')).toHaveText('3 rows');
  await expect(byStatus.getByText('Stale', { exact: true })).toHaveCount(0);

  // One passing and one failing check.
  await page.getByRole('button', { name: '+ Check cell' }).click();
  const checkCell = page.getByRole('region', { name: /^Check cell on / }).last();
  await checkCell.getByLabel('Checked model').selectOption('orders_clean');
  await checkCell.getByLabel('Check kind').selectOption('not_null');
  await checkCell.getByRole('button', { name: 'Add check' }).click();
  await checkCell.getByLabel('Column').last().selectOption('order_id');
  await checkCell.getByLabel('Check kind').selectOption('accepted_values');
  await checkCell.getByRole('button', { name: 'Add check' }).click();
  await checkCell.getByLabel('Column').last().selectOption('status');
  await checkCell.getByLabel('Accepted values').fill('delivered');
  await checkCell.getByLabel('Accepted values').blur();
  await expect(checkCell.getByText('pass', { exact: true })).toBeVisible();
  await expect(checkCell.getByText(/^fail \([\d,]+ rows\)$/)).toBeVisible();
  await expect(page.getByLabel('Checks on orders_clean')).toHaveText(/2 checks: 1 pass, 1 fail/);
  await expect(page.getByRole('region', { name: 'Checks summary' })).toBeVisible();

  // A million-row result, scrolled to its last row.
  await addSqlCell(page, 'all_orders', 'select * from orders');
  const all = page.getByRole('region', { name: 'SQL cell all_orders' });
  await expect(all.getByLabel('Row count')).toHaveText('1,000,000 rows', { timeout: 60_000 });
  const grid = page.getByRole('grid', { name: 'Result of all_orders' });
  await grid.evaluate((el) => {
    const scroller = el.scrollHeight > el.clientHeight ? el : (el.querySelector('[data-scroller]') ?? el);
    scroller.scrollTop = scroller.scrollHeight;
  });
  await expect(grid.getByRole('row').filter({ hasText: /^1,000,000/ })).toBeVisible();
  expect(await grid.getByRole('row').count()).toBeLessThanOrEqual(101);
  // Run again, the rebuilt result starts at the top, its first rows there (read with the run).
  await all.getByRole('button', { name: 'Run SQL cell all_orders' }).click();
  await expect(grid.getByRole('row').filter({ hasText: /^1,000,000/ })).toHaveCount(0, { timeout: 60_000 });
  await expect(grid.locator('[role=row][aria-rowindex="2"]')).toBeVisible();
  await expect(grid.locator('[role=row][aria-rowindex="2"]')).not.toHaveAttribute('aria-busy', 'true');

  // Reload: cells, sandbox and results come back.
  await expect(page.getByText(/^Saved · revision \d+$/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'SQL cell by_status' }).getByLabel('Row count')).toHaveText('3 rows', { timeout: 120_000 });
  await expect(page.getByRole('region', { name: 'SQL cell all_orders' }).getByLabel('Row count')).toHaveText('1,000,000 rows');
  await expect(page.getByLabel('Checks on orders_clean')).toHaveText(/2 checks: 1 pass, 1 fail/);
  expect(await tableHashes(page.getByRole('region', { name: 'Sandbox data' }))).toEqual(seven);
});

test('seed 7 twice gives identical table hashes, seed 8 different ones', async ({ page }) => {
  await newNotebook(page);
  const first = await generate(page, 7, 20_000);
  const again = await generate(page, 8, 20_000);
  const back = await generate(page, 7, 20_000);
  expect(back).toEqual(first);
  for (const table of Object.keys(first)) expect(again[table]).not.toEqual(first[table]);
});

test("bad SQL shows DuckDB's message at its line, and a cycle is named as a cycle", async ({ page }) => {
  await newNotebook(page);
  await addSqlCell(page, 'broken', 'select 1 as ok,\nfrom no_such_table', { waitForResult: false });
  const error = page.getByRole('alert', { name: 'Error in broken' });
  await expect(error).toContainText('Table with name no_such_table does not exist');
  await expect(error).toContainText('LINE 2:');

  await addSqlCell(page, 'ping', 'select * from pong', { waitForResult: false });
  await addSqlCell(page, 'pong', 'select * from ping', { waitForResult: false });
  await expect(page.getByRole('region', { name: 'SQL cell pong' })).toContainText('cycle: pong → ping → pong');
  await expect(page.getByRole('region', { name: 'SQL cell ping' })).toContainText('cycle: ping → pong → ping');
});

test('cells can be duplicated, moved, collapsed and deleted, and the notebook runs all in order', async ({ page }) => {
  await newNotebook(page);
  await addSqlCell(page, 'base', 'select range as id from range(5)');
  await addSqlCell(page, 'twice', 'select id * 2 as id2 from base');
  await page.getByRole('button', { name: 'Move SQL cell twice up' }).click();
  await expect(page.getByRole('region', { name: /^SQL cell / }).first()).toHaveAttribute('aria-label', 'SQL cell twice');
  await page.getByRole('button', { name: 'Duplicate SQL cell base' }).click();
  await expect(page.getByRole('region', { name: /^SQL cell base_copy/ })).toBeVisible();
  await page.getByRole('button', { name: /^Delete SQL cell base_copy/ }).click();
  await page.getByRole('button', { name: 'Collapse SQL cell base' }).click();
  await expect(page.getByRole('textbox', { name: 'SQL for model base' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Expand SQL cell base' }).click();
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(page.getByRole('region', { name: 'SQL cell twice' }).getByLabel('Row count')).toHaveText('5 rows');
});
