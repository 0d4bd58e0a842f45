import type { App } from '@/lib/server/app';

export const DEMO_PASSWORD = 'assay-demo-password';

/** The Cookie header of a fresh session for `email`, signed in through Better Auth as a browser is. */
export async function sessionCookie(app: App, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await app.auth.api.signInEmail({ body: { email, password }, asResponse: true });
  if (!response.ok) throw new Error(`sign-in of ${email} failed with ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
