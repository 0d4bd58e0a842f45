import { expect, signIn, test } from './fixtures';

test('DuckDB in Chromium and DuckDB on the server give identical results for every parity case', async ({ page }) => {
  await signIn(page, 'analyst');
  await page.getByRole('link', { name: 'Engine check' }).click();
  await expect(page.getByRole('status')).toHaveText(/^All \d+ results identical$/, { timeout: 60_000 });
  await expect(page.getByText('Browser: DuckDB v1.4.3 (WebAssembly) · Server: DuckDB v1.4.3 (native)')).toBeVisible();
  const rows = page.getByRole('table', { name: 'Cases' }).getByRole('row');
  expect(await rows.count()).toBeGreaterThan(60);
  await expect(page.getByRole('table', { name: 'Cases' }).getByText(/^browser /)).toHaveCount(0);
});
