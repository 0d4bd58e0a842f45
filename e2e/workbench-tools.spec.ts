import { expect, test } from './fixtures';
import { newNotebook, typeInto, addSqlCell, firstDataRow } from './notebook-steps';

// The workbench's tools around the cells: grid, charts, drafts, schema browser, shortcuts, modes.

test('the grid sorts in SQL, copies a cell and exports CSV with NULL apart from empty text', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await newNotebook(page);
  await addSqlCell(page, 'people', "select * from (values (1, 'ann'), (2, ''), (3, null), (10, 'bo')) t(id, name)");
  const grid = page.getByRole('grid', { name: 'Result of people' });
  await expect(firstDataRow(page, 'people').getByRole('gridcell')).toHaveText(['1', '1', 'ann']);
  await expect(grid.getByRole('row').nth(3)).toContainText('NULL');

  await grid.getByRole('button', { name: 'Sort by id' }).click();
  await grid.getByRole('button', { name: 'Sort by id' }).click();
  await expect(grid.getByRole('columnheader', { name: 'Sort by id' })).toHaveAttribute('aria-sort', 'descending');
  await expect(firstDataRow(page, 'people').getByRole('gridcell')).toHaveText(['1', '10', 'bo']);

  await firstDataRow(page, 'people').getByRole('gridcell').nth(2).click();
  await page.getByRole('button', { name: 'Copy cell' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('bo');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('people.csv');
  const csv = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(csv).toString('utf8').split(/\r\n/).filter(Boolean)).toEqual(['id,name', '10,bo', '3,', '2,""', '1,ann']);
});

test('a chart cell draws its model, and the schema browser inserts names into the editor', async ({ page }) => {
  await newNotebook(page);
  await addSqlCell(page, 'sales', "select * from (values ('books', 12), ('toys', 30), ('garden', 7)) t(category, revenue)");
  await page.getByRole('button', { name: '+ Chart cell' }).click();
  const chart = page.getByRole('region', { name: 'Chart cell on sales' });
  await expect(chart.getByRole('figure', { name: 'Chart of sales' }).locator('svg')).toBeVisible();
  await expect(chart.getByLabel('X field').locator('option:checked')).toHaveText('category');

  const browser = page.getByRole('navigation', { name: 'Schema browser' });
  await page.getByRole('button', { name: '+ SQL cell' }).click();
  await page.getByRole('textbox', { name: 'Model name' }).last().fill('top');
  await page.getByRole('textbox', { name: 'SQL for model top' }).focus();
  await page.keyboard.type('select * from ');
  await browser.getByRole('button', { name: 'Insert sales' }).click();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('region', { name: 'SQL cell top' }).getByLabel('Row count')).toHaveText('3 rows');
});

test('the suggestion list of a one-line cell shows whole, past the cell it was opened in', async ({ page }) => {
  await newNotebook(page);
  await addSqlCell(page, 'sales', "select * from (values ('books', 12), ('toys', 30)) t(category, revenue)");
  await page.getByRole('button', { name: '+ SQL cell' }).click();
  await page.getByRole('textbox', { name: 'Model name' }).last().fill('top');
  await page.getByRole('textbox', { name: 'SQL for model top' }).focus();
  await page.keyboard.type('select * from sales where r');
  const list = page.getByRole('listbox', { name: 'Suggest' });
  await expect(list.getByRole('option').first()).toContainText('revenue');

  // The list is taller than the one-line cell, so part of it lies outside the cell; a point there must hit the list.
  const cell = await page.getByRole('region', { name: 'SQL cell top' }).boundingBox();
  const shown = await list.boundingBox();
  if (!cell || !shown) throw new Error('the cell or its suggestion list has no box');
  const below = shown.y + shown.height > cell.y + cell.height;
  expect(below || shown.y < cell.y).toBe(true);
  const x = shown.x + shown.width / 2;
  const y = below ? (cell.y + cell.height + shown.y + shown.height) / 2 : (shown.y + cell.y) / 2;
  expect(await page.evaluate((at) => document.elementFromPoint(at.x, at.y)?.closest('[role="listbox"]')?.getAttribute('aria-label'), { x, y })).toBe('Suggest');

  await page.keyboard.press('Tab');
  await page.keyboard.type(' > 20');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('region', { name: 'SQL cell top' }).getByLabel('Row count')).toHaveText('1 row');
});

test('an unsaved draft survives a reload when the server could not take it, and is offered back', async ({ page }) => {
  await newNotebook(page);
  await addSqlCell(page, 'kept', 'select 1 as first_version');
  await expect(page.getByText(/^Saved · revision \d+$/)).toBeVisible();
  // The server stops answering saves, as on a lost connection; then the tab goes away.
  await page.route('**/revisions', (route) => route.abort('connectionreset'));
  await typeInto(page, 'SQL for model kept', 'select 2 as unsaved_version');
  await expect(page.getByText('Not saved', { exact: true })).toBeVisible();
  await page.unroute('**/revisions');
  await page.reload();
  const banner = page.getByRole('status', { name: 'Unsaved draft' });
  await expect(banner).toBeVisible();
  await expect(page.getByRole('region', { name: 'SQL cell kept' })).toContainText('first_version');
  await banner.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('region', { name: 'SQL cell kept' })).toContainText('unsaved_version');
  await expect(page.getByText(/^Saved · revision \d+$/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'SQL cell kept' })).toContainText('unsaved_version');
  await expect(page.getByRole('status', { name: 'Unsaved draft' })).toHaveCount(0);
});

test('manual mode leaves dependents stale; a long query shows progress and can be cancelled', async ({ page }) => {
  await newNotebook(page);
  await addSqlCell(page, 'up', 'select 1 as x');
  await addSqlCell(page, 'down', 'select x + 1 as y from up');
  await page.getByLabel('Reactive mode').uncheck();
  await typeInto(page, 'SQL for model up', 'select 5 as x');
  await page.keyboard.press('ControlOrMeta+Enter');
  const down = page.getByRole('region', { name: 'SQL cell down' });
  await expect(down.getByText('Stale', { exact: true })).toBeVisible();
  await expect(firstDataRow(page, 'down').getByRole('gridcell')).toHaveText(['1', '2']);
  await page.getByRole('button', { name: 'Run SQL cell down' }).click();
  await expect(firstDataRow(page, 'down').getByRole('gridcell')).toHaveText(['1', '6']);

  await addSqlCell(page, 'slow', 'select count(*) as n from range(100000000000)', { waitForResult: false });
  const slow = page.getByRole('region', { name: 'SQL cell slow' });
  await expect(slow.getByRole('progressbar', { name: 'Running' })).toBeVisible();
  await slow.getByRole('button', { name: 'Cancel SQL cell slow' }).click();
  await expect(slow.getByRole('alert', { name: 'Error in slow' })).toHaveText('Cancelled');
});

test('? opens the keyboard shortcut sheet, and the notebook list shows the last run', async ({ page }) => {
  await newNotebook(page);
  await addSqlCell(page, 'once', 'select 1 as ran');
  const title = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  await page.getByRole('region', { name: 'SQL cell once' }).getByText('SQL', { exact: true }).click();
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toContainText('Shift+Enter');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await page.goto('/notebooks');
  const row = page.getByRole('row').filter({ hasText: title }).first();
  await expect(row).not.toContainText('never');
});
