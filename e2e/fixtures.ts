import { readFileSync } from 'node:fs';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { stateFile, type DemoRole } from './global-setup';

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

/** Starts the page signed in as a demo user, with the session global-setup made for that role. */
export async function signIn(page: Page, role: DemoRole) {
  const state = JSON.parse(readFileSync(stateFile(role), 'utf8')) as { cookies: Parameters<BrowserContext['addCookies']>[0] };
  await page.context().addCookies(state.cookies);
  await page.goto('/notebooks');
  await expect(page.getByRole('heading', { name: 'Notebooks' })).toBeVisible();
}
