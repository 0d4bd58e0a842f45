import { expect, signIn, test } from './fixtures';

// Issue 5's audit log: a reviewer sees the verified hash chain (a quick check from the stored
// checkpoint, the full one a click away), takes a signed checkpoint, filters and pages the log, and
// reads it as sentences with names and roles, the raw entry one click away; a viewer is not let in.

test('a reviewer opens the audit log, sees the chain verified, checks a checkpoint and filters by action', async ({ page }) => {
  await signIn(page, 'reviewer');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();

  const verification = page.getByRole('region', { name: 'Chain verification' });
  await expect(verification.getByRole('status', { name: 'Chain status' })).toHaveText('verified');
  await verification.getByRole('link', { name: 'Verify the whole chain' }).click();
  await expect(page).toHaveURL(/[?&]verify=full/);
  await expect(verification.getByLabel('Verification kind')).toHaveText('Full check');
  await expect(verification).toContainText('recomputed now');
  await page.goto('/audit');
  // The full check left a checkpoint: the next load checks only what came after it.
  await expect(verification.getByLabel('Verification kind')).toHaveText('Quick check');
  await expect(verification.getByRole('status', { name: 'Chain status' })).toHaveText('verified');
  await expect(verification).toContainText('from the signed checkpoint');
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
  await expect(rows.filter({ hasText: 'signed in.' }).first()).toBeVisible();
  const total = await rows.count();
  expect(total).toBeGreaterThan(1);
  await expect(rows.filter({ hasText: 'signed in.' })).toHaveCount(total - 1); // all but the header row
  // Names and roles, not ids; the sentence opens the raw entry.
  const mine = rows.filter({ hasText: 'Rita Reviewer signed in.' }).first();
  await expect(mine.getByRole('cell').nth(2)).toHaveText(/^Rita Reviewer\s*reviewer$/);
  const raw = mine.getByLabel(/^Raw entry \d+$/);
  await expect(raw).toBeHidden();
  await mine.getByText('Rita Reviewer signed in.').click();
  await expect(raw).toBeVisible();
  await expect(raw).toContainText('"action": "auth.sign_in"');

  // Paging keeps the filter: two sign-ins a page.
  await page.goto('/audit?action=auth.sign_in&limit=2');
  await expect(rows).toHaveCount(3);
  await page.getByRole('navigation', { name: 'Audit pages' }).getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/action=auth\.sign_in.*limit=2.*cursor=/);
  await expect(rows.filter({ hasText: 'signed in.' }).first()).toBeVisible();
  await expect(filters.getByLabel('Action')).toHaveValue('auth.sign_in');
  await page.goto('/audit?limit=1000000000');
  await expect(page.getByRole('alert').filter({ hasText: 'limit:' })).toHaveText(/^limit: a whole number from 1 to 500/);

  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole('region', { name: 'Audit events' }).getByRole('row').filter({ hasText: 'created notebook “' }).first()).toBeVisible();
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
