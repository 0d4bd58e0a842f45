import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Generates the new notebook's sandbox at small sizes, so recording has an input. */
export async function generateSmallSandbox(page: Page) {
  const panel = page.getByRole('region', { name: 'Sandbox data' });
  for (const [table, rows] of [['customers', 200], ['products', 40], ['orders', 500]] as const) await panel.getByLabel(`Rows in ${table}`).fill(String(rows));
  await panel.getByRole('button', { name: 'Generate' }).click();
  await expect(panel.getByRole('table', { name: 'Generated tables' })).toBeVisible({ timeout: 60_000 });
}

/** Opens the record dialog, waiting until the notebook is saved (a recording names a saved revision). */
export async function openRecordDialog(page: Page) {
  await expect(page.getByText('Saved', { exact: false }).first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Record experiment' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record experiment' });
  await expect(dialog.getByRole('button', { name: 'Record' })).toBeEnabled({ timeout: 30_000 });
  return dialog;
}

/** Records with a title and lands on the experiment page; returns its id. */
export async function recordExperiment(page: Page, title: string, { hypothesis = '', tags = '' } = {}) {
  const dialog = await openRecordDialog(page);
  await dialog.getByLabel('Title').fill(title);
  if (hypothesis) await dialog.getByLabel('Hypothesis').fill(hypothesis);
  if (tags) await dialog.getByLabel('Tags').fill(tags);
  await dialog.getByRole('button', { name: 'Record' }).click();
  await page.waitForURL(/\/experiments\/[0-9a-f]{64}$/, { timeout: 60_000 });
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

export const replayStatus = (page: Page) => page.getByRole('status', { name: 'Replay status' });

/** Fills the experiment page's Submit for promotion dialog — a new pipeline by name or an existing one
 * by its label, the outputs, a description wherever one is empty, a breaking change's note — and
 * submits; returns the request page's URL. */
export async function submitForPromotion(page: Page, pipeline: { name: string } | { existing: string }, outputs: string[], { breaking = false } = {}) {
  await page.getByRole('button', { name: 'Submit for promotion' }).click();
  const dialog = page.getByRole('dialog', { name: 'Submit for promotion' });
  if ('name' in pipeline) {
    await dialog.getByLabel('Pipeline', { exact: true }).selectOption({ label: 'New pipeline…' });
    await dialog.getByLabel('New pipeline name').fill(pipeline.name);
  } else {
    await dialog.getByLabel('Pipeline', { exact: true }).selectOption({ label: pipeline.existing });
  }
  for (const output of outputs) await dialog.getByLabel(`Publish ${output} as an output`).check();
  for (const input of await dialog.getByLabel(/^Description of /).all()) if ((await input.inputValue()) === '') await input.fill('Documented in the e2e test.');
  if (breaking) {
    await dialog.getByLabel('This is a breaking change for consumers of production').check();
    await dialog.getByLabel('Migration note').fill('Consumers read revenue as before.');
  }
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/\/promotions\/pr_[0-9a-f]{16}$/);
  return page.url();
}
