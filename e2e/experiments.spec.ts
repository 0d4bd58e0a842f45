import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, signIn, test } from './fixtures';
import { addSqlCell, newNotebook } from './notebook-steps';
import { generateSmallSandbox, openRecordDialog, recordExperiment, replayStatus } from './experiment-steps';

// Issue 4's acceptance: record → server replay → share → revoke → CLI, and reproducibility flags.

test('an analyst records the demo notebook; it replays green, opens through a share link without an account until revoked, and replays with the CLI', async ({ page, browser, baseURL }) => {
  await signIn(page, 'analyst');
  await page.getByRole('link', { name: 'Revenue by category' }).click();
  await expect(page.getByRole('region', { name: 'SQL cell revenue_by_product_category' }).getByLabel('Row count')).toBeVisible({ timeout: 90_000 });

  const id = await recordExperiment(page, 'Revenue by category, seed 7', { hypothesis: 'Electronics leads on revenue.', tags: 'revenue, demo' });
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 60_000 });
  await expect(page.getByRole('table', { name: 'Replayed models' })).toContainText('revenue_by_product_category');
  await expect(page.getByRole('group', { name: 'Model revenue_by_product_category' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Run log' })).toContainText('run finished');

  // The share link, opened in a fresh browser context that has no account and no cookies.
  const shares = page.getByRole('region', { name: 'Share links' });
  await shares.getByLabel('Link expires in').selectOption('7');
  await shares.getByRole('button', { name: 'Create link' }).click();
  const link = await shares.getByLabel('Share link').inputValue();
  expect(link).toMatch(new RegExp(`^${baseURL}/share/[A-Za-z0-9_-]{43}$`));
  const stranger = await browser.newContext();
  try {
    const shared = await stranger.newPage();
    await shared.goto(link);
    await expect(shared.getByRole('heading', { level: 1, name: 'Revenue by category, seed 7' })).toBeVisible();
    await expect(replayStatus(shared)).toHaveText('Replay: match');
    await expect(shared.getByRole('figure', { name: 'Code of revenue_by_product_category' })).toContainText('group by');
    await expect(shared.getByText('Electronics leads on revenue.')).toBeVisible();
    await expect(shared.getByRole('button', { name: 'Fork into a notebook' })).toHaveCount(0);
    await expect(shared.getByRole('link', { name: /notebook revision/ })).toHaveCount(0);

    // The downloaded artifact replays anywhere with the CLI.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download JSON' }).click();
    const file = join(mkdtempSync(join(tmpdir(), 'assay-artifact-')), 'artifact.json');
    await (await download).saveAs(file);
    const cli = spawnSync('npx', ['assay', 'replay', file], { encoding: 'utf8', timeout: 120_000 });
    expect(cli.stdout).toContain(`experiment ${id}`);
    expect(cli.stdout).toMatch(/match {5}model revenue_by_product_category: recorded \d+ rows/);
    expect(cli.stdout).toMatch(/\nMATCH in /);
    expect(cli.status).toBe(0);

    await shares.getByRole('button', { name: /^Revoke link created / }).click();
    await expect(shares.getByText(/revoked \d{4}-\d{2}-\d{2}/)).toBeVisible();
    await shared.reload();
    await expect(shared.getByText('this share link was revoked by its author.')).toBeVisible();
    await expect(shared.getByRole('heading', { name: 'Revenue by category, seed 7' })).toHaveCount(0);
    const api = await shared.request.get(link.replace('/share/', '/api/share/'));
    expect(api.status()).toBe(410);
  } finally {
    await stranger.close();
  }

  await page.getByRole('link', { name: 'Experiments' }).click();
  await page.getByLabel('Search experiments').fill('demo');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('region', { name: 'Experiments' }).getByRole('link', { name: 'Revenue by category, seed 7' })).toBeVisible();
});

test('random() after setseed() replays identically; now() is flagged non-reproducible with the reason and does not replay', async ({ page }) => {
  await newNotebook(page);
  await generateSmallSandbox(page);
  await addSqlCell(page, 'seeded', 'select setseed(0.42) as seeded');
  await addSqlCell(page, 'draws', 'select i, random() as r from range(500) t(i)');
  const seededDialog = await openRecordDialog(page);
  await expect(seededDialog.getByRole('status', { name: 'Reproducibility' })).toHaveCount(0);
  await seededDialog.getByRole('button', { name: 'Cancel' }).click();
  await recordExperiment(page, 'Seeded draws');
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 60_000 });
  await expect(page.getByText('Not reproducible')).toHaveCount(0);

  await page.getByRole('link', { name: /notebook revision/ }).click();
  // Reopened, the notebook rebuilds its sandbox and re-runs; the next cell is added once that is done.
  await expect(page.getByRole('table', { name: 'Generated tables' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'SQL cell draws' }).getByLabel('Row count')).toBeVisible({ timeout: 60_000 });
  await addSqlCell(page, 'stamped', 'select count(*) as orders, now()::TIMESTAMP as loaded_at from orders');
  const dialog = await openRecordDialog(page);
  await expect(dialog.getByRole('status', { name: 'Reproducibility' })).toContainText(/line 1: now\(\)/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await recordExperiment(page, 'Stamped');
  await expect(page.getByRole('alert', { name: 'Not reproducible' })).toContainText(/now\(\)/);
  await expect(replayStatus(page)).toHaveText('Replay: mismatch', { timeout: 60_000 });
  await expect(page.getByRole('table', { name: 'Replayed models' }).getByRole('row', { name: /stamped/ })).toContainText('differs');
  // Such an experiment cannot go to production, and the page says why.
  await expect(page.getByRole('button', { name: 'Submit for promotion' })).toBeDisabled();
  await expect(page.getByRole('note', { name: 'Why it cannot be submitted' })).toContainText(/Not submittable: it was recorded as not reproducible: .*now\(\)/);
});

test('recording refuses a notebook whose cell fails, and keeps the notebook as it was', async ({ page }) => {
  await newNotebook(page);
  await generateSmallSandbox(page);
  await addSqlCell(page, 'broken', 'select no_such_column from orders', { waitForResult: false });
  const dialog = await openRecordDialog(page);
  await dialog.getByLabel('Title').fill('Broken');
  await dialog.getByRole('button', { name: 'Record' }).click();
  await expect(dialog.getByRole('alert')).toContainText(/model broken failed, so there is no run to record: Binder Error/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(page.url()).toMatch(/\/notebooks\/nb_/);
  await expect(page.getByRole('region', { name: 'SQL cell broken' })).toContainText('no_such_column');
  await expect(page.getByRole('dialog', { name: 'Record experiment' })).toHaveCount(0);
});
