import { expect, signIn, test } from './fixtures';

// Issue 11's file sources as a steward: the demo catalog is loaded from its generated files on first
// start; a CSV upload becomes a dataset with a snapshot; a file that is not CSV or Parquet and an empty
// one are refused with the reason, and the table keeps its file; a new upload is the next load's data.

test('the demo catalog has snapshots from its files; a steward uploads a CSV, binds and loads it, and bad uploads are refused', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'steward');
  await page.goto('/catalog');
  await expect(page.getByRole('region', { name: 'orders' }).getByLabel('Source of orders')).toContainText(/Demo files · orders.*100,?000 rows/s, { timeout: 60_000 });

  await page.goto('/connections');
  const form = page.getByRole('region', { name: 'Add a connection' });
  await form.getByLabel('Name').fill('Finance uploads');
  await form.getByLabel('Kind').selectOption('files');
  await expect(form.getByLabel('Host')).toHaveCount(0);
  await form.getByRole('button', { name: 'Add connection' }).click();
  const upload = page.getByRole('form', { name: 'Upload to Finance uploads' });
  await expect(upload).toBeVisible();

  await upload.getByLabel('File (CSV or Parquet)').setInputFiles({ name: 'budgets.csv', mimeType: 'text/csv', buffer: Buffer.from('id,team,amount\n1,ops,100.5\n2,data,250\n3,sales,75.25\n') });
  await expect(upload.getByLabel('Table name')).toHaveValue('budgets');
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(upload.getByRole('status')).toHaveText('Stored budgets (csv, 3 columns): bind it, or load its dataset again');

  // Not CSV or Parquet, then empty: refused with the reason; the table's file stays.
  await upload.getByLabel('File (CSV or Parquet)').setInputFiles({ name: 'budgets.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 159, 146, 150, 0, 1, 2, 3]) });
  await upload.getByLabel('Table name').fill('budgets');
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(upload.getByRole('alert')).toContainText('the upload is not a CSV or Parquet file DuckDB can read');
  await upload.getByLabel('File (CSV or Parquet)').setInputFiles({ name: 'budgets.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(upload.getByRole('alert')).toHaveText('the upload is empty (0 bytes)');

  await page.goto('/catalog/bind');
  await page.getByLabel('Connection').selectOption({ label: 'Finance uploads' });
  await page.getByLabel('Table').selectOption('budgets');
  await page.getByRole('button', { name: 'Propose contract' }).click();
  await expect(page.getByLabel('Primary key id')).toBeChecked();
  await page.getByLabel('Dataset name').fill('budgets');
  await page.getByRole('button', { name: 'Bind dataset' }).click();
  await page.waitForURL('**/catalog/budgets');
  await page.getByRole('button', { name: 'Full load' }).click();
  const snapshots = page.getByRole('region', { name: 'Snapshots' });
  await expect(snapshots.getByRole('row').nth(1)).toContainText(/published.*full\s*3\s*3\s*fp2:/s, { timeout: 30_000 });

  // A new version of the file: the next load is a new snapshot of it.
  await page.goto('/connections');
  await upload.getByLabel('File (CSV or Parquet)').setInputFiles({ name: 'budgets.csv', mimeType: 'text/csv', buffer: Buffer.from('id,team,amount\n1,ops,100.5\n2,data,250\n3,sales,75.25\n4,legal,10\n') });
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(upload.getByRole('status')).toContainText('Stored budgets');
  await page.goto('/catalog/budgets');
  await page.getByRole('button', { name: 'Full load' }).click();
  await expect(snapshots.getByRole('row').nth(1)).toContainText(/full\s*4\s*4\s*fp2:/, { timeout: 30_000 });
  await expect(snapshots.getByRole('row')).toHaveCount(3);
});
