import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';
import { typeInto } from './notebook-steps';

async function openDemoNotebook(page: Page) {
  await page.getByRole('link', { name: 'Revenue by category' }).click();
  await expect(page.getByText(/DuckDB v1\.4\.3 · in browser/)).toBeVisible({ timeout: 60_000 });
}

test('Shift+Enter on the first model cleans the generated orders and shows its columns with their types and the elapsed time', async ({ page }) => {
  await signIn(page, 'analyst');
  await openDemoNotebook(page);
  await page.getByRole('textbox', { name: 'SQL for model clean_orders' }).focus();
  await page.keyboard.press('Shift+Enter');
  const grid = page.getByRole('grid', { name: 'Result of clean_orders' });
  await expect(grid.getByRole('columnheader')).toHaveText([/#|Row/, /order_id.*BIGINT/, /customer_id.*BIGINT/, /order_date.*DATE/, /status.*VARCHAR/], { timeout: 60_000 });
  const cell = page.getByRole('region', { name: 'SQL cell clean_orders' });
  await expect(cell.getByLabel('Row count')).toHaveText(/^[\d,]+ rows$/);
  await expect(cell.getByLabel('Elapsed time')).toHaveText(/^\d+ ms$|^\d+\.\d\d s$/);
});

test('a model cell reads an earlier model by name: clean → join → aggregate', async ({ page }) => {
  await signIn(page, 'analyst');
  await openDemoNotebook(page);
  await page.getByRole('button', { name: 'Run SQL cell order_lines' }).click();
  const lines = page.getByRole('grid', { name: 'Result of order_lines' });
  await expect(lines.getByRole('columnheader')).toHaveText([/#|Row/, /order_id.*BIGINT/, /order_date.*DATE/, /category.*VARCHAR/, /quantity.*INTEGER/, /net_amount.*DECIMAL/], { timeout: 60_000 });
  await page.getByRole('button', { name: 'Run SQL cell revenue_by_product_category' }).click();
  const grid = page.getByRole('grid', { name: 'Result of revenue_by_product_category' });
  await expect(grid.getByRole('columnheader')).toHaveText([/#|Row/, /category.*VARCHAR/, /orders.*BIGINT/, /units.*HUGEINT|units.*BIGINT/, /revenue.*DECIMAL/]);
  await expect(page.getByRole('region', { name: 'SQL cell revenue_by_product_category' }).getByLabel('Row count')).toHaveText('6 rows');
});

test("bad SQL shows DuckDB's message at the cell and marks the line", async ({ page }) => {
  await signIn(page, 'analyst');
  await page.getByRole('button', { name: 'New notebook' }).click();
  await expect(page.getByText(/DuckDB v1\.4\.3 · in browser/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: '+ SQL cell' }).click();
  await typeInto(page, 'SQL for model model_1', 'select 1 as ok,\nfrom no_such_table');
  await page.keyboard.press('ControlOrMeta+Enter');
  const error = page.getByRole('alert', { name: 'Error in model_1' });
  await expect(error).toContainText('Table with name no_such_table does not exist');
  await expect(error).toContainText('LINE 2:');
  await expect(page.locator('.squiggly-error')).toHaveCount(1);
});

test('edits autosave as a new revision and survive a reload', async ({ page }) => {
  await signIn(page, 'analyst');
  await page.getByRole('button', { name: 'New notebook' }).click();
  await page.getByRole('button', { name: '+ SQL cell' }).click();
  await typeInto(page, 'SQL for model model_1', 'select 7 as lucky');
  const notebookId = page.url().split('/').pop();
  await expect
    .poll(async () => JSON.stringify((await (await page.request.get(`/api/notebooks/${notebookId}`)).json()).notebook.cells))
    .toContain('select 7 as lucky');
  await expect(page.getByText(/^Saved · revision \d+$/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'SQL for model model_1' })).toBeAttached();
  await expect(page.getByRole('region', { name: 'SQL cell model_1' })).toContainText('select 7 as lucky');
});

test('two tabs editing one notebook get a conflict, and no edit is lost', async ({ page, context }) => {
  await signIn(page, 'analyst');
  await page.getByRole('button', { name: 'New notebook' }).click();
  await page.getByRole('button', { name: '+ SQL cell' }).click();
  await expect(page.getByText('Saved · revision 2')).toBeVisible();
  const second = await context.newPage();
  await second.goto(page.url());
  await typeInto(second, 'SQL for model model_1', 'select 2 as from_second_tab');
  await expect(second.getByText('Saved · revision 3')).toBeVisible();
  await typeInto(page, 'SQL for model model_1', 'select 1 as from_first_tab');
  await expect(page.getByRole('alert').filter({ hasText: 'saved elsewhere' })).toContainText('saved elsewhere (revision 3)');
  await expect(page.getByRole('region', { name: 'SQL cell model_1' })).toContainText('from_first_tab');
  await page.getByRole('button', { name: 'Keep my version' }).click();
  await expect(page.getByText('Saved · revision 4')).toBeVisible();
  await second.reload();
  await expect(second.getByRole('region', { name: 'SQL cell model_1' })).toContainText('from_first_tab');
});

test('a viewer opens the notebook read-only', async ({ page }) => {
  await signIn(page, 'viewer');
  await openDemoNotebook(page);
  await expect(page.getByText(/Read only: you can run, not save · revision \d+/)).toBeVisible();
  await expect(page.getByRole('button', { name: '+ SQL cell' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Run SQL cell clean_orders' }).click();
  await expect(page.getByRole('grid', { name: 'Result of clean_orders' }).getByRole('columnheader', { name: /order_id/ })).toBeVisible({ timeout: 60_000 });
});

test('the demo notebook rebuilds its sandbox from the saved seed and runs a model over it on open', async ({ page }) => {
  await signIn(page, 'analyst');
  await openDemoNotebook(page);
  const panel = page.getByRole('region', { name: 'Sandbox data' });
  await expect(panel.getByRole('table', { name: 'Generated tables' })).toContainText('seed 7', { timeout: 60_000 });
  const cell = page.getByRole('region', { name: 'SQL cell revenue_by_product_category' });
  await expect(cell.getByLabel('Row count')).toHaveText(/^\d+ rows$/, { timeout: 60_000 });
  await expect(page.getByRole('grid', { name: 'Result of revenue_by_product_category' }).getByRole('columnheader', { name: 'Sort by revenue' })).toBeVisible();
});

test('a run asked for while the sandbox is still being rebuilt waits for it, also in manual mode', async ({ page }) => {
  await signIn(page, 'analyst');
  await page.getByRole('link', { name: 'Revenue by category' }).click();
  await page.getByLabel('Reactive mode').uncheck();
  const run = page.getByRole('button', { name: 'Run SQL cell revenue_by_product_category' });
  await expect(run).toBeEnabled({ timeout: 60_000 });
  await run.click();
  const panel = page.getByRole('region', { name: 'Sandbox data' });
  await expect(panel.getByRole('table', { name: 'Generated tables' })).toContainText('seed 7', { timeout: 60_000 });
  const cell = page.getByRole('region', { name: 'SQL cell revenue_by_product_category' });
  await expect(cell.getByLabel('Row count')).toHaveText(/^\d+ rows$/, { timeout: 60_000 });
  await expect(cell.getByText('Stale', { exact: true })).toHaveCount(0);
  await expect(cell.getByRole('alert', { name: 'Error in revenue_by_product_category' })).toHaveCount(0);
});

test('a notebook made with generator version 1 says what Generate changes, and Generate moves it to version 2', async ({ page }) => {
  await signIn(page, 'analyst');
  const { notebook } = await (await page.request.post('/api/notebooks', { data: { title: 'Generator v1' } })).json();
  const sandbox = { kind: 'synthetic', generatorVersion: 1, seed: 5, rows: { customers: 50, products: 10, orders: 100 } };
  const cells = [{ id: 'c1', kind: 'sql', name: 'n_orders', source: 'select count(*) as n from orders' }];
  expect((await page.request.post(`/api/notebooks/${notebook.id}/revisions`, { data: { baseRevision: 1, cells, sandbox } })).status()).toBe(201);
  await page.goto(`/notebooks/${notebook.id}`);
  const panel = page.getByRole('region', { name: 'Sandbox data' });
  const tables = panel.getByRole('table', { name: 'Generated tables' });
  await expect(tables).toContainText('seed 5 · generator v1', { timeout: 60_000 });
  await expect(panel.getByRole('note', { name: 'Generator version' })).toHaveText(
    'These tables come from generator version 1. Generate makes them with version 2: a BOOLEAN column without a generator hint is true or false (version 1 made every one false).',
  );
  const hashes = async () => (await tables.locator('tbody td[title]').evaluateAll((cells) => cells.map((c) => c.getAttribute('title')))).join(' ');
  const before = await hashes();

  await panel.getByRole('button', { name: 'Generate' }).click();
  await expect(tables).toContainText('seed 5 · generator v2', { timeout: 60_000 });
  await expect(panel.getByRole('note', { name: 'Generator version' })).toHaveCount(0);
  // The demo catalog has no BOOLEAN column without a hint: version 2 makes the same tables.
  expect(await hashes()).toBe(before);
  await expect(page.getByText(/^Saved · revision \d+$/)).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(page.getByRole('region', { name: 'Sandbox data' }).getByRole('table', { name: 'Generated tables' })).toContainText('seed 5 · generator v2', { timeout: 60_000 });
});
