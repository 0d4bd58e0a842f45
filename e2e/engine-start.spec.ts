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
  // The rest of the page works: the cells are there to read and edit (the editor is not held back
  // for results that will not come).
  await expect(page.getByRole('region', { name: 'SQL cell clean_orders' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'SQL for model clean_orders' })).toBeAttached({ timeout: 30_000 });
});

test('the editor loads after the first results: until then the cell shows its text', async ({ page }) => {
  await signIn(page, 'analyst');
  const origin = new URL(page.url()).origin;
  const headers = { origin };
  const { notebook } = await (await page.request.post('/api/notebooks', { data: { title: `Editor after results ${Date.now()}` }, headers })).json();
  const cells = [{ id: 'answer_cell', kind: 'sql', name: 'answer', source: 'select 42 as answer' }];
  expect((await page.request.post(`/api/notebooks/${notebook.id}/revisions`, { data: { baseRevision: notebook.revision, cells, sandbox: null }, headers })).status()).toBe(201);

  // Monaco's loader is held here until the test has looked at the page as it was when Monaco was asked for.
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let asked: (seen: { answer: number; text: number; editor: number }) => void = () => {};
  const askedFor = new Promise<{ answer: number; text: number; editor: number }>((resolve) => (asked = resolve));
  await page.route(/\/vendor\/monaco\/[^/]+\/vs\/loader\.js$/, async (route) => {
    asked({
      answer: await page.getByRole('grid', { name: 'Result of answer' }).getByRole('gridcell', { name: '42', exact: true }).count(),
      text: await page.getByRole('region', { name: 'SQL cell answer' }).getByText('select 42 as answer').count(),
      editor: await page.getByRole('textbox', { name: 'SQL for model answer' }).count(),
    });
    await released;
    await route.continue();
  });
  await page.goto(`/notebooks/${notebook.id}`);
  expect(await askedFor).toEqual({ answer: 1, text: 1, editor: 0 });
  release();
  await page.getByRole('textbox', { name: 'SQL for model answer' }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('select 43 as answer');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('grid', { name: 'Result of answer' }).getByRole('gridcell', { name: '43', exact: true })).toBeVisible({ timeout: 30_000 });
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
