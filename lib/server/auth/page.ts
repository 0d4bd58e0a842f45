import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Role } from '@/lib/auth/roles';
import { getApp, type App } from '@/lib/server/app';
import { sessionUser } from '@/lib/server/auth/session';
import type { SessionUser } from '@/lib/server/users/users';

/** Every page calls this (or declares itself public): a signed-out visitor goes to sign-in, a
 * signed-in user without the role gets the forbidden page. */
export async function requirePageUser(anyRole?: readonly Role[]): Promise<{ app: App; user: SessionUser }> {
  const requestHeaders = await headers(); // first: marks the page dynamic before anything touches the app
  const app = await getApp();
  const user = await sessionUser(app, requestHeaders);
  if (!user) redirect('/sign-in');
  if (anyRole && !anyRole.some((r) => user.roles.includes(r))) redirect('/forbidden');
  return { app, user };
}

export async function optionalPageUser(): Promise<SessionUser | null> {
  const requestHeaders = await headers();
  return sessionUser(await getApp(), requestHeaders);
}
