import { expect, test } from './fixtures';
import { addSqlCell, firstDataRow, newNotebook, typeInto } from './notebook-steps';

// "Stale" means exactly: its code or an input changed since it ran. No badge the user did not cause.
test.setTimeout(180_000);

// Longer than the page's 250 ms edit debounce: a stale marker that would land late has landed by then.
const PAST_THE_DEBOUNCE = 1_000;

test('adding cells and running right after typing leave nothing stale; an edit does, and undoing it clears it', async ({ page }) => {
  await newNotebook(page);
  await addSqlCell(page, 'up', 'select 1 as x');
  await addSqlCell(page, 'down', 'select x + 1 as y from up');
  const up = page.getByRole('region', { name: 'SQL cell up' });
  const down = page.getByRole('region', { name: 'SQL cell down' });
  const stale = page.getByText('Stale', { exact: true });

  // Adding cells is not an edit of anything that ran. The new cell's warning shows the notebook was
  // analysed after the additions.
  await page.getByRole('button', { name: '+ Markdown cell' }).click();
  await page.getByRole('button', { name: '+ SQL cell' }).click();
  await page.getByRole('textbox', { name: 'Model name' }).last().fill('other');
  await typeInto(page, 'SQL for model other', 'select * from nowhere');
  await expect(page.getByRole('region', { name: 'SQL cell other' }).getByText(/unknown name nowhere/)).toBeVisible();
  await page.waitForTimeout(PAST_THE_DEBOUNCE);
  await expect(stale).toHaveCount(0);

  // Ctrl+Enter straight after typing: the result is of the code as typed, so it is fresh.
  await typeInto(page, 'SQL for model up', 'select 5 as x');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(firstDataRow(page, 'down').getByRole('gridcell')).toHaveText(['1', '6']);
  await page.waitForTimeout(PAST_THE_DEBOUNCE);
  await expect(stale).toHaveCount(0);

  // An edit not run yet: the cell and what reads it are stale; typing back what ran makes them fresh.
  await typeInto(page, 'SQL for model up', 'select 7 as x');
  await expect(up.getByText('Stale', { exact: true })).toBeVisible();
  await expect(down.getByText('Stale', { exact: true })).toBeVisible();
  await typeInto(page, 'SQL for model up', 'select 5 as x');
  await expect(stale).toHaveCount(0);

  // Collapsing is layout, not code.
  await page.getByRole('button', { name: 'Collapse SQL cell up' }).click();
  await page.waitForTimeout(PAST_THE_DEBOUNCE);
  await expect(stale).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('no-stale.png'), fullPage: true });
});

test('a half-made check shows incomplete and does not run', async ({ page }) => {
  await newNotebook(page);
  await addSqlCell(page, 'statuses', "select * from (values ('placed'), ('shipped')) t(status)");
  await page.getByRole('button', { name: '+ Check cell' }).click();
  const checkCell = page.getByRole('region', { name: /^Check cell on / }).last();
  await checkCell.getByLabel('Checked model').selectOption('statuses');
  await checkCell.getByLabel('Check kind').selectOption('accepted_values');
  await checkCell.getByRole('button', { name: 'Add check' }).click();

  await expect(checkCell.getByText('incomplete', { exact: true })).toBeVisible();
  await expect(checkCell.getByText(/^fail/)).toHaveCount(0);
  await expect(page.getByLabel('Checks on statuses')).toHaveText('1 check: 1 incomplete');
  await page.screenshot({ path: test.info().outputPath('incomplete-check.png'), fullPage: true });

  await checkCell.getByLabel('Accepted values').fill('placed');
  await expect(checkCell.getByText('fail (1 row)', { exact: true })).toBeVisible();
  await checkCell.getByLabel('Accepted values').fill('placed, shipped');
  await expect(checkCell.getByText('pass', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Checks on statuses')).toHaveText('1 check: 1 pass');
});
