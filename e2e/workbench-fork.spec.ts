import { expect, test } from './fixtures';
import { addSqlCell, newNotebook } from './notebook-steps';
import { generateSmallSandbox, recordExperiment } from './experiment-steps';

test.setTimeout(240_000);

test('a fork links back to its experiment, and compare reads a changed check and its fail → pass in words', async ({ page }) => {
  await newNotebook(page);
  await generateSmallSandbox(page);
  await addSqlCell(page, 'by_status', 'select status, count(*) as orders from orders group by status order by status');
  await page.getByRole('button', { name: '+ Check cell' }).click();
  const checkCell = page.getByRole('region', { name: 'Check cell on by_status' });
  await checkCell.getByLabel('Check kind').selectOption('expression');
  await checkCell.getByRole('button', { name: 'Add check' }).click();
  await checkCell.getByLabel('Predicate').fill('orders > 1000000');
  await expect(checkCell.getByText(/^fail \(\d+ rows?\)$/)).toBeVisible();
  const parent = await recordExperiment(page, 'Statuses with a strict check');

  await page.getByRole('button', { name: 'Fork into a notebook' }).click();
  await page.waitForURL(/\/notebooks\/nb_/);
  const back = page.getByRole('link', { name: 'Statuses with a strict check' });
  await expect(back).toHaveAttribute('href', `/experiments/${parent}`);
  await expect(page.getByText('forked from experiment')).toBeVisible();
  const forkedCheck = page.getByRole('region', { name: 'Check cell on by_status' });
  await expect(forkedCheck.getByText(/^fail \(\d+ rows?\)$/)).toBeVisible({ timeout: 60_000 });
  await forkedCheck.getByLabel('Predicate').fill('orders > 0');
  await expect(forkedCheck.getByText('pass', { exact: true })).toBeVisible();
  const child = await recordExperiment(page, 'Statuses with a fair check');

  await page.getByLabel('Compare with').selectOption(parent);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.waitForURL(new RegExp(`/experiments/compare\\?a=${parent}&b=${child}`));
  const checks = page.getByRole('region', { name: 'Check differences' });
  await expect(checks).toContainText('Changed: every row satisfies orders > 1000000 → every row satisfies orders > 0 (on by_status)');
  await expect(checks.getByRole('cell', { name: 'Result of every row satisfies orders > 0' })).toHaveText(/^fail \(\d+ rows?\) → pass$/);
  // The check cell is read here, not as a JSON diff under Code.
  await expect(page.getByRole('region', { name: 'Code differences' }).getByRole('figure', { name: /checks on/ })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('compare-checks.png'), fullPage: true });
});
