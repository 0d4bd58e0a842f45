import { test as base, expect, type Page } from '@playwright/test';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Every test fails if the page asks for anything (code, wasm, fonts, data) from a non-local host:
 * the product must work on an air-gapped network. Such requests are aborted and reported. */
export const test = base.extend<{ offlineGuard: string[] }>({
  offlineGuard: [
    async ({ context }, use) => {
      const leaks: string[] = [];
      await context.route(
        (url) => url.protocol.startsWith('http') && !LOCAL_HOSTS.has(url.hostname),
        (route) => {
          leaks.push(route.request().url());
          return route.abort('blockedbyclient');
        },
      );
      await use(leaks);
      expect(leaks, 'requests that left the machine').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export const DEMO_PASSWORD = 'assay-demo-password';

export async function signIn(page: Page, role: 'analyst' | 'reviewer' | 'steward' | 'viewer' | 'admin') {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(`${role}@assay.local`);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Notebooks' })).toBeVisible();
}
