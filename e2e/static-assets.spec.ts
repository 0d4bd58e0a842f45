import { expect, test } from './fixtures';

// public/ is the app's own: the icon and robots.txt are committed there, not copied in at install.
test('the app serves its icon and a robots.txt that keeps crawlers out', async ({ page, request }) => {
  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toMatch(/User-agent: \*\s+Disallow: \/$/m);

  await page.goto('/sign-in');
  const icon = page.locator('link[rel="icon"]');
  await expect(icon).toHaveAttribute('href', /\/favicon\.svg/);
  const svg = await request.get('/favicon.svg');
  expect(svg.status()).toBe(200);
  expect(svg.headers()['content-type']).toContain('image/svg+xml');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
});
