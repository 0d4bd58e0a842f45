import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';

// Issue 11's snapshot retention and additive drift as a steward: a policy keeps the newest snapshot,
// the plan names what would go and why the rest stays, expiring needs a confirmation and leaves the
// snapshots listed as expired; a re-uploaded file with a new column loads under the additive policy,
// and one click applies the column to the contract with the diff shown — the next load is clean.

const CONNECTION = 'Retention uploads';
const TABLE = 'ret_ledger';
const DATASET = 'ret_ledger_e2e';

async function uploadFile(page: Page, csv: string) {
  await page.goto('/connections');
  const upload = page.getByRole('form', { name: `Upload to ${CONNECTION}` });
  await upload.getByLabel('File (CSV or Parquet)').setInputFiles({ name: `${TABLE}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await upload.getByLabel('Table name').fill(TABLE);
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(upload.getByRole('status')).toContainText(`Stored ${TABLE}`);
}

async function fullLoad(page: Page, snapshots: number) {
  await page.getByRole('button', { name: 'Full load' }).click();
  await expect(page.getByRole('region', { name: 'Snapshots' }).getByRole('row')).toHaveCount(snapshots + 1, { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Full load' })).toBeEnabled({ timeout: 30_000 });
}

test('a steward sets a snapshot retention, expires the plan by hand, and applies an additive drift to the contract in one click', async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, 'steward');
  await page.goto('/connections');
  const form = page.getByRole('region', { name: 'Add a connection' });
  await form.getByLabel('Name').fill(CONNECTION);
  await form.getByLabel('Kind').selectOption('files');
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByRole('form', { name: `Upload to ${CONNECTION}` })).toBeVisible();
  await uploadFile(page, 'id,account,amount\n1,rent,900\n2,food,120.5\n');

  await page.goto('/catalog/bind');
  await page.getByLabel('Connection').selectOption({ label: CONNECTION });
  await page.getByLabel('Table').selectOption(TABLE);
  await page.getByRole('button', { name: 'Propose contract' }).click();
  await expect(page.getByLabel('Primary key id')).toBeChecked();
  await page.getByLabel('Dataset name').fill(DATASET);
  await page.getByLabel('Drift policy').selectOption('additive');
  await page.getByRole('button', { name: 'Bind dataset' }).click();
  await page.waitForURL(`**/catalog/${DATASET}`);
  for (let n = 1; n <= 3; n++) await fullLoad(page, n);

  // The policy: keep the newest one. The plan names the two older snapshots, and why the newest stays.
  const retention = page.getByRole('region', { name: 'Snapshot retention' });
  await expect(retention).toContainText('Every snapshot is kept (no retention policy).');
  await retention.getByLabel('Newest snapshots to keep').fill('1');
  await retention.getByRole('button', { name: 'Save retention' }).click();
  const plan = retention.getByRole('region', { name: 'Retention plan' });
  await expect(plan).toContainText(/Expiring now drops the raw tables of snapshots #\d+, #\d+\./);
  await expect(plan.getByRole('list', { name: 'Kept snapshots' })).toContainText(/#\d+ stays: the current snapshot; one of the 1 newest/);

  // Expiring needs a confirmation; afterwards the two are listed as expired and the plan is empty.
  await retention.getByRole('button', { name: 'Expire 2 snapshots' }).click();
  await expect(retention).toContainText('for good?');
  await retention.getByRole('button', { name: 'Confirm expiry' }).click();
  await expect(plan).toContainText('Nothing to expire now.');
  const rows = page.getByRole('region', { name: 'Snapshots' }).getByRole('row');
  await expect(rows.nth(1)).not.toContainText('expired');
  await expect(rows.nth(2)).toContainText('expired');
  await expect(rows.nth(3)).toContainText('expired');

  // A new column in the file: the additive load publishes, and its drift event offers the apply.
  await uploadFile(page, 'id,account,amount,memo\n1,rent,900,March\n2,food,120.5,\n');
  await page.goto(`/catalog/${DATASET}`);
  await fullLoad(page, 4);
  const drift = page.getByRole('region', { name: 'Drift events' });
  await expect(drift.getByRole('listitem')).toHaveCount(1);
  await expect(drift).toContainText('Accepted (policy additive');
  await expect(drift).toContainText('column memo (VARCHAR) was added in the source');
  await drift.getByRole('button', { name: 'Apply to contract' }).click();
  await expect(drift.getByLabel('Sensitivity of new column memo')).toHaveValue('internal');
  const diff = drift.getByRole('region', { name: 'Contract change' });
  await expect(diff).toContainText('+ - name: memo');
  await expect(diff).toContainText('+ type: VARCHAR');
  await drift.getByRole('button', { name: 'Save as version 2' }).click();
  await expect(page.getByRole('region', { name: 'Contract', exact: true }).getByRole('heading', { name: 'Contract v2' })).toBeVisible();
  await expect(drift.getByRole('button', { name: 'Apply to contract' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Contract history' })).toContainText('memo added (VARCHAR)');

  // The next load reads memo under contract v2, with no new drift event.
  await fullLoad(page, 5);
  await expect(rows.nth(1)).toContainText(/published.*v2/s);
  await expect(drift.getByRole('listitem')).toHaveCount(1);
});
