import { expect, signIn, test } from './fixtures';

// Issue 14's OpenLineage emission as a steward sees it: the server runs with ASSAY_OPENLINEAGE_FILE
// (playwright.config.ts), so the demo catalog's first loads emitted START and COMPLETE to the NDJSON
// file, delivered by the delivery lane; the dataset page says so for its last load and per snapshot.

test('the dataset page shows that the OpenLineage events of its load were delivered', async ({ page }) => {
  await signIn(page, 'steward');
  const emission = page.getByRole('status', { name: 'OpenLineage emission' });
  // The page is rendered on the server: reload until the delivery lane (polling every second) is through.
  await expect(async () => {
    await page.goto('/catalog/orders');
    await expect(emission).toHaveText('OpenLineage — file: START delivered, COMPLETE delivered', { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  const snapshots = page.getByRole('region', { name: 'Snapshots' });
  await expect(snapshots.getByRole('columnheader', { name: 'OpenLineage' })).toBeVisible();
  await expect(snapshots.getByRole('row').nth(1)).toContainText('file: START delivered, COMPLETE delivered');
  await page.screenshot({ path: 'test-results/openlineage-dataset.png', fullPage: true });
});
