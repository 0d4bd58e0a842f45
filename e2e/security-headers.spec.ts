import { expect, signIn, test } from './fixtures';
import { addSqlCell, newNotebook } from './notebook-steps';

// Issue 16, item 2: every page and API response carries the security headers, and the workbench —
// DuckDB's worker and wasm, Monaco and its workers, a Vega chart with expressions — works under the
// Content Security Policy without a single violation.

test('a page and an API response carry the CSP, frame-ancestors none, nosniff and the referrer policy', async ({ page }) => {
  await signIn(page, 'viewer');
  const html = await page.goto('/notebooks');
  const pageHeaders = html!.headers();
  expect(pageHeaders['content-security-policy']).toMatch(/^default-src 'self'; .*frame-ancestors 'none'; script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic' 'wasm-unsafe-eval'$/);
  expect(pageHeaders['content-security-policy']).not.toMatch(/(?<!wasm-)'unsafe-eval'/);
  const api = await page.request.get('/api/me');
  expect(api.status()).toBe(200);
  for (const headers of [pageHeaders, api.headers()]) {
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['x-frame-options']).toBe('DENY');
  }
  expect(api.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
});

test('the workbench runs DuckDB, the editor and a chart with expressions under the CSP without a violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to|Could not create web worker|unsafe-eval/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  await newNotebook(page);
  await addSqlCell(page, 'sales', "select * from (values ('books', 12), ('toys', 30), ('garden', 7)) t(category, revenue)");
  await page.getByRole('button', { name: '+ Chart cell' }).click();
  const chart = page.getByRole('region', { name: 'Chart cell on sales' });
  await expect(chart.getByRole('figure', { name: 'Chart of sales' }).locator('svg')).toBeVisible();
  // Editor features that start Monaco's workers: completion while typing, then Format.
  await page.getByRole('button', { name: '+ SQL cell' }).click();
  await page.getByRole('textbox', { name: 'Model name' }).last().fill('top');
  await page.getByRole('textbox', { name: 'SQL for model top' }).focus();
  await page.keyboard.type('select category from sales where revenue > 10');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByRole('region', { name: 'SQL cell top' }).getByLabel('Row count')).toHaveText('2 rows');
  expect(violations).toEqual([]);
});
