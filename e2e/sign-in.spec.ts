import { DEMO_PASSWORD, expect, signIn, test } from './fixtures';

test('a signed-out visitor is sent to sign-in', async ({ page }) => {
  await page.goto('/notebooks');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Assay' })).toBeVisible();
});

test('a wrong password gets a clear message and no session', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('analyst@assay.local');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Incorrect' })).toHaveText('Incorrect email or password.');
  const me = await page.request.get('/api/me');
  expect(me.status()).toBe(401);
});

test('an API call without a session gets 401 JSON', async ({ request }) => {
  const response = await request.get('/api/notebooks');
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'sign in to use this endpoint' } });
});

test('the analyst signs in, sees the demo notebook, and signs out', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('analyst@assay.local');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Notebooks' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Revenue by category' })).toBeVisible();
  await expect(page.getByText('analyst', { exact: true })).toBeVisible();
  const me = await page.request.get('/api/me');
  expect((await me.json()).user).toMatchObject({ email: 'analyst@assay.local', roles: ['analyst'] });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.request.get('/api/me')).status()).toBe(401);
});

test('a viewer may read but not create notebooks', async ({ page }) => {
  await signIn(page, 'viewer');
  await expect(page.getByRole('button', { name: 'New notebook' })).toHaveCount(0);
  const create = await page.request.post('/api/notebooks', { data: { title: 'Nope' } });
  expect(create.status()).toBe(403);
  expect((await create.json()).error.code).toBe('forbidden');
});

test('the session cookie is httpOnly', async ({ page, context }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('reviewer@assay.local');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // A reviewer lands on what waits for them.
  await expect(page.getByRole('heading', { name: 'Reviews' })).toBeVisible();
  const session = (await context.cookies()).find((c) => c.name.includes('session_token'));
  expect(session?.httpOnly).toBe(true);
  expect(await page.evaluate(() => document.cookie)).not.toContain('session_token');
});
