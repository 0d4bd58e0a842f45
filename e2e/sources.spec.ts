import type { Page } from '@playwright/test';
import { scratchMysql, scratchPostgres, type ScratchSource } from '../lib/sources/testing';
import { expect, signIn, test } from './fixtures';

// Issue 11's acceptance as a steward: add a PostgreSQL and a MariaDB connection (tested first, the
// password never shown again), bind a table from each, load them, see snapshots with rows and
// fingerprints; change source rows and load incrementally (only the changes are read, merged by key);
// drop a column and see the load blocked with a drift event while the previous snapshot stays current.

let pg: ScratchSource;
let maria: ScratchSource;

test.beforeAll(async () => {
  pg = await scratchPostgres();
  maria = await scratchMysql();
  await pg.exec(`CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, amount numeric(10,2), updated_at timestamptz NOT NULL);
    INSERT INTO customers SELECT g, 'c' || g, g * 0.5, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute' FROM generate_series(1, 100) g`);
  await maria.exec(`CREATE TABLE orders (id int PRIMARY KEY, total decimal(10,2) NOT NULL, updated_at datetime NOT NULL);
    INSERT INTO orders WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 40) SELECT n, n * 2, TIMESTAMP '2026-01-01 00:00:00' + INTERVAL n MINUTE FROM g`);
});
test.afterAll(async () => {
  await pg?.drop();
  await maria?.drop();
});

async function addConnection(page: Page, name: string, source: ScratchSource, password = source.target.password) {
  const form = page.getByRole('region', { name: 'Add a connection' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Kind').selectOption(source.target.kind);
  await form.getByLabel('Host').fill(source.target.host);
  await form.getByLabel('Port').fill(String(source.target.port));
  await form.getByLabel('Database').fill(source.target.database);
  await form.getByLabel('User').fill(source.target.user);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Test connection' }).click();
  return form;
}

async function bind(page: Page, connection: string, table: string, dataset: string) {
  await page.goto('/catalog/bind');
  await page.getByLabel('Connection').selectOption({ label: connection });
  await page.getByLabel('Table').selectOption(table);
  await page.getByRole('button', { name: 'Propose contract' }).click();
  await expect(page.getByLabel('Primary key id')).toBeChecked();
  await expect(page.getByLabel('Cursor column')).toHaveValue('updated_at');
  await page.getByLabel('Dataset name').fill(dataset);
  await page.getByRole('button', { name: 'Bind dataset' }).click();
  await page.waitForURL(`**/catalog/${dataset}`);
}

const snapshotRow = (page: Page, nth: number) => page.getByRole('region', { name: 'Snapshots' }).getByRole('row').nth(nth);

test('a steward connects PostgreSQL and MariaDB, loads, loads incrementally, and a dropped column is blocked as drift', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'steward');
  await page.goto('/connections');

  // A wrong password gets the database's own refusal, without the password in it.
  let form = await addConnection(page, 'Shop MariaDB', maria, 'not-the-password-42');
  await expect(form.getByRole('status')).toHaveText(/Connection failed: .*Access denied/);
  await expect(form.getByRole('status')).not.toContainText('not-the-password-42');

  form = await addConnection(page, 'Shop MariaDB', maria);
  await expect(form.getByRole('status')).toHaveText('Connection works.');
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByRole('row', { name: 'Shop MariaDB' })).toBeVisible();
  form = await addConnection(page, 'CRM PostgreSQL', pg);
  await expect(form.getByRole('status')).toHaveText('Connection works.');
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByRole('row', { name: 'CRM PostgreSQL' })).toBeVisible();
  await page.reload();
  expect(await page.content()).not.toContain(maria.target.password);
  const listed = await page.request.get('/api/connections');
  expect(await listed.text()).not.toContain(maria.target.password);

  // PostgreSQL: bind, full load.
  await bind(page, 'CRM PostgreSQL', 'public.customers', 'crm_customers');
  await page.getByRole('button', { name: 'Full load' }).click();
  await expect(snapshotRow(page, 1)).toContainText('published');
  await expect(snapshotRow(page, 1)).toContainText(/full\s*100\s*100\s*fp2:/);
  await expect(page.getByLabel('Current snapshot')).toContainText(/100 rows · fp2:[0-9a-f]{64}/);
  const firstFingerprint = (await page.getByLabel('Current snapshot').textContent())!.match(/fp2:[0-9a-f]{64}/)![0];

  // Two rows change and three arrive: the incremental load reads those five (and the row at the last
  // watermark itself: the cursor is compared with >=) and merges them by key.
  await pg.exec(`UPDATE customers SET name = 'changed', updated_at = timestamptz '2026-02-01 00:00:00+00' WHERE id IN (1, 2);
    INSERT INTO customers VALUES (101, 'n1', 1, timestamptz '2026-02-01 00:00:01+00'), (102, 'n2', 1, timestamptz '2026-02-01 00:00:02+00'), (103, 'n3', 1, timestamptz '2026-02-01 00:00:03+00')`);
  await page.getByRole('button', { name: 'Incremental load' }).click();
  // Six rows of a hundred: stored as a delta over the first snapshot, not a copy.
  await expect(snapshotRow(page, 1)).toContainText(/incremental · over #\d+\s*103\s*6\s*fp2:/);
  await expect(page.getByLabel('Current snapshot')).not.toContainText(firstFingerprint);
  const currentText = (await page.getByLabel('Current snapshot').textContent())!;

  // The source drops a column: the load is quarantined, a drift event says why, nothing else moves.
  await pg.exec('ALTER TABLE customers DROP COLUMN amount');
  await page.getByRole('button', { name: 'Full load' }).click();
  await expect(snapshotRow(page, 1)).toContainText('quarantined');
  await expect(page.getByRole('region', { name: 'Drift events' })).toContainText(/Blocked .*column amount is gone from the source/);
  await expect(page.getByLabel('Current snapshot')).toHaveText(currentText);
  // The dataset's owner is notified, and the notification leads back to the dataset.
  await page.goto('/notifications');
  await page.getByRole('link', { name: /load blocked by schema drift/ }).first().click();
  await expect(page.getByRole('region', { name: 'Drift events' })).toContainText(/Blocked/);

  // MariaDB: bind and load.
  await bind(page, 'Shop MariaDB', `${maria.target.database}.orders`, 'shop_orders');
  await page.getByRole('button', { name: 'Full load' }).click();
  await expect(snapshotRow(page, 1)).toContainText(/full\s*40\s*40\s*fp2:/);

  // A schedule is a cron pattern; anything else is refused with the reason.
  await page.getByLabel('Schedule (cron, UTC)').fill('every day');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByRole('form', { name: 'Load schedule' }).getByRole('alert')).toContainText('not a cron pattern');
  await page.getByLabel('Schedule (cron, UTC)').fill('0 3 * * *');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText(/Scheduled 0 3 \* \* \* \(UTC\), next load \d{4}-\d{2}-\d{2} 03:00 UTC/)).toBeVisible();

  // The catalog shows each bound dataset's source and latest snapshot; the connection in use cannot be deleted.
  await page.goto('/catalog');
  const crm = page.getByRole('region', { name: 'crm_customers' });
  await expect(crm.getByLabel('Source of crm_customers')).toContainText(/CRM PostgreSQL · public\.customers.*103 rows/s);
  await expect(page.getByRole('region', { name: 'shop_orders' }).getByLabel('Source of shop_orders')).toContainText('40 rows');
  await page.goto('/connections');
  await page.getByRole('button', { name: 'Delete CRM PostgreSQL' }).click();
  await expect(page.getByRole('row', { name: 'CRM PostgreSQL' }).getByRole('alert')).toContainText('is used by 1 dataset');
});
