import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';
import { addSqlCell, newNotebook } from './notebook-steps';

// How the engine starts (lib/engine/boot): a head script creates the worker, which fetches and
// compiles the precompressed wasm before the page hydrates. These are its failure paths.

async function openDemoNotebook(page: Page) {
  await page.getByRole('link', { name: 'Revenue by category' }).click();
  await expect(page.getByRole('heading', { name: 'Revenue by category' }).first()).toBeVisible();
}

test('the wasm arrives precompressed, immutable, from the engine route', async ({ page }) => {
  await signIn(page, 'analyst');
  const wasm = page.waitForResponse((response) => /\/engine\/[^/]+\/duckdb-(eh|mvp)\.wasm$/.test(response.url()));
  await openDemoNotebook(page);
  const response = await wasm;
  const headers = await response.allHeaders();
  expect(headers['content-type']).toBe('application/wasm');
  expect(headers['content-encoding']).toMatch(/^(br|gzip)$/);
  expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
  await expect(page.getByText(/DuckDB v1\.4\.3 · in browser/)).toBeVisible({ timeout: 60_000 });
});

test('a wasm download cut off halfway: the page still opens and says why DuckDB did not start', async ({ page, context }) => {
  await signIn(page, 'analyst');
  await context.route(/\/engine\/[^/]+\/duckdb-(eh|mvp)\.wasm$/, async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    await route.fulfill({ status: 200, headers: { 'content-type': 'application/wasm' }, body: body.subarray(0, Math.floor(body.length / 2)) });
  });
  await openDemoNotebook(page);
  await expect(page.getByRole('alert').filter({ hasText: 'DuckDB failed to start' })).toContainText(/could not be loaded.*reload the page to retry/, { timeout: 60_000 });
  // The rest of the page works: the cells are there to read and edit.
  await expect(page.getByRole('region', { name: 'SQL cell clean_orders' })).toBeVisible();
});

test('with IndexedDB and Cache Storage blocked (a private window) the engine starts and runs a cell', async ({ page, context }) => {
  await context.addInitScript(() => {
    const blocked = () => {
      throw new DOMException('storage is blocked in this window', 'SecurityError');
    };
    Object.defineProperty(window, 'indexedDB', { get: blocked });
    Object.defineProperty(window, 'caches', { get: blocked });
  });
  await newNotebook(page);
  await addSqlCell(page, 'answer', 'select 42 as answer');
  await expect(page.getByRole('grid', { name: 'Result of answer' }).getByRole('row').nth(1).getByRole('gridcell')).toHaveText(['1', '42']);
});
