import { mkdirSync } from 'node:fs';
import { request, type FullConfig } from '@playwright/test';

export const ROLES = ['analyst', 'reviewer', 'steward', 'viewer', 'admin'] as const;
export type DemoRole = (typeof ROLES)[number];
export const stateFile = (role: DemoRole) => `test-results/.auth/${role}.json`;

/** Signs each demo user in once through the real sign-in endpoint and keeps the session cookie,
 * so flows other than sign-in itself do not repeat it (and stay under the sign-in rate limit). */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error('playwright config has no baseURL');
  mkdirSync('test-results/.auth', { recursive: true });
  for (const role of ROLES) {
    const context = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
    const response = await context.post('/api/auth/sign-in/email', { data: { email: `${role}@assay.local`, password: 'assay-demo-password' } });
    if (!response.ok()) throw new Error(`demo sign-in as ${role} failed: ${response.status()} ${await response.text()}`);
    await context.storageState({ path: stateFile(role) });
    await context.dispose();
  }
}
