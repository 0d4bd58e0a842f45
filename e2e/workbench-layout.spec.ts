import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { addSqlCell, newNotebook } from './notebook-steps';
import { generateSmallSandbox } from './experiment-steps';

test.setTimeout(180_000);

/** The category labels of a chart's axes (the ones that are not numbers), in drawing order. */
async function xLabels(figure: Locator): Promise<string[]> {
  const labels = await figure.locator('svg g.role-axis-label text').allTextContents();
  return labels.filter((label) => !/^[\d.,\s-]+$/u.test(label));
}

test('the sandbox table, a long model name and a chart fit their space; the schema browser shows columns and their sensitivity', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
  });
  await newNotebook(page);
  await generateSmallSandbox(page);

  // Every column of the generated tables, the hash included, inside the panel.
  const panel = page.getByRole('region', { name: 'Sandbox data' });
  const table = panel.getByRole('table', { name: 'Generated tables' });
  const inside = await table.evaluate((el) => {
    const box = el.parentElement!;
    return el.getBoundingClientRect().right <= box.getBoundingClientRect().right - parseFloat(getComputedStyle(box).paddingRight) + 0.5;
  });
  expect(inside).toBe(true);
  await expect(table.getByRole('columnheader')).toHaveText(['table', 'rows', 'cols', 'hash', 'time']);

  // The model-name field shows the whole name.
  await addSqlCell(page, 'revenue_by_product_category', "select * from (values ('toys', 30), ('books', 12), ('garden', 7)) t(category, revenue)");
  const name = page.getByRole('region', { name: 'SQL cell revenue_by_product_category' }).getByRole('textbox', { name: 'Model name' });
  expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  // A chart fills its cell and keeps the rows' order, until a sort is chosen.
  await page.getByRole('button', { name: '+ Chart cell' }).click();
  const cell = page.getByRole('region', { name: 'Chart cell on revenue_by_product_category' });
  const figure = cell.getByRole('figure', { name: 'Chart of revenue_by_product_category' });
  await expect(figure.locator('svg')).toBeVisible();
  const cellWidth = (await cell.boundingBox())!.width;
  const chartWidth = (await figure.locator('svg').boundingBox())!.width;
  expect(chartWidth).toBeGreaterThan(cellWidth * 0.8);
  await expect.poll(() => xLabels(figure)).toEqual(['toys', 'books', 'garden']);
  await cell.getByLabel('Sort x').selectOption('ascending');
  await expect.poll(() => xLabels(figure)).toEqual(['books', 'garden', 'toys']);
  await cell.getByLabel('Sort x').selectOption('-y');
  await expect.poll(() => xLabels(figure)).toEqual(['toys', 'books', 'garden']);
  // Changing an axis draws with the new column once it is loaded: no "Infinite extent" over old rows.
  await cell.getByLabel('Y field').selectOption('count');
  await cell.getByLabel('Y field').selectOption('column:revenue');
  await cell.getByLabel('X field').selectOption('column:revenue');
  await cell.getByLabel('X field').selectOption('column:category');
  await expect.poll(() => xLabels(figure)).toEqual(['toys', 'books', 'garden']);
  await page.screenshot({ path: test.info().outputPath('layout.png'), fullPage: true });

  // Schema browser: the name inserts, the column count opens the columns, PII columns are marked.
  const browser = page.getByRole('navigation', { name: 'Schema browser' });
  await browser.getByRole('button', { name: 'Show columns of customers' }).click();
  await expect(browser.getByRole('button', { name: 'Hide columns of customers' })).toHaveAttribute('aria-expanded', 'true');
  await expect(browser.getByRole('note', { name: 'customers.email is pii' })).toHaveText('PII');
  await expect(browser.getByRole('note', { name: 'customers.full_name is pii' })).toBeVisible();
  await expect(browser.getByRole('note', { name: /customers\.customer_id is/ })).toHaveCount(0);
  await browser.screenshot({ path: test.info().outputPath('schema-browser.png') });

  expect(warnings.filter((w) => /infinite extent/i.test(w))).toEqual([]);
});

test("each part of a cell skips rendering off screen on its own, and no editor's host sits inside a part that can be skipped", async ({ page }) => {
  await newNotebook(page);
  await addSqlCell(page, 'parts', 'select 1 as v');
  const cell = page.getByRole('region', { name: 'SQL cell parts' });
  // A skipped ancestor of Monaco's host kept Chromium drawing a frame every 16.7 ms on an idle page
  // (docs/benchmarks.md, "Frames on an idle notebook"); the host itself may be skipped.
  const parts = await cell.evaluate((section) =>
    Array.from(section.children, (part) => ({ part: part.className.split(' ')[0] || part.tagName.toLowerCase(), contentVisibility: getComputedStyle(part).contentVisibility })),
  );
  expect(parts.length).toBeGreaterThan(2);
  expect(parts.filter((p) => p.contentVisibility !== 'auto')).toEqual([]);
  const hosts = await cell.locator('.monaco-editor').evaluateAll((editors) =>
    editors.map((editor) => {
      const skippable: string[] = [];
      for (let at = editor.parentElement?.parentElement; at; at = at.parentElement) {
        if (getComputedStyle(at).contentVisibility === 'auto') skippable.push(at.className);
      }
      return { hostIsAPart: editor.parentElement?.parentElement?.classList.contains('cell') ?? false, skippableAncestors: skippable };
    }),
  );
  expect(hosts).toEqual([{ hostIsAPart: true, skippableAncestors: [] }]);
});
