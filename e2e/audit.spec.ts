import { expect, signIn, test } from './fixtures';

// Issue 5's audit log: a reviewer sees the verified hash chain, takes a signed checkpoint and filters
// the log; a viewer is not let in.

test('a reviewer opens the audit log, sees the chain verified, checks a checkpoint and filters by action', async ({ page }) => {
  await signIn(page, 'reviewer');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();

  const verification = page.getByRole('region', { name: 'Chain verification' });
  await expect(verification.getByRole('status', { name: 'Chain status' })).toHaveText('verified');
  const entries = verification.getByLabel('Verified entries');
  await expect(entries).toHaveText(/^[1-9][\d,]* entries$/);
  const count = Number((await entries.innerText()).replace(/\D/g, ''));

  // The checkpoint the page links to verifies against the chain it describes.
  const href = await verification.getByRole('link', { name: 'Download checkpoint' }).getAttribute('href');
  expect(href).toBe('/api/audit/checkpoint');
  const checkpoint = await (await page.request.get(href!)).json();
  expect(checkpoint.count).toBeGreaterThanOrEqual(count);
  expect(checkpoint.signature).toMatch(/^[0-9a-f]{64}$/);
  const check = await page.request.post('/api/audit/checkpoint/verify', { data: checkpoint });
  expect(await check.json()).toEqual({ signatureValid: true, matches: true, currentHeadAtCount: checkpoint.head });

  // Global setup signed every demo user in, so there are sign-ins to find.
  const filters = page.getByRole('search', { name: 'Filter audit log' });
  await filters.getByLabel('Action').selectOption('auth.sign_in');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/[?&]action=auth\.sign_in/);
  await expect(filters.getByLabel('Action')).toHaveValue('auth.sign_in');
  const rows = page.getByRole('region', { name: 'Audit events' }).getByRole('row');
  await expect(rows.filter({ hasText: 'auth.sign_in' }).first()).toBeVisible();
  const total = await rows.count();
  expect(total).toBeGreaterThan(1);
  await expect(rows.filter({ hasText: 'auth.sign_in' })).toHaveCount(total - 1); // all but the header row
  await expect(rows.filter({ hasText: 'Rita Reviewer' }).first()).toBeVisible();

  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole('region', { name: 'Audit events' }).getByRole('row').filter({ hasText: 'notebook.created' }).first()).toBeVisible();
});

test('a viewer gets no audit link and is sent to the forbidden page', async ({ page }) => {
  await signIn(page, 'viewer');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await page.goto('/audit');
  await expect(page).toHaveURL(/\/forbidden$/);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  const api = await page.request.get('/api/audit/verify');
  expect(api.status()).toBe(403);
});
