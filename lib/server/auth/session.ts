import 'server-only';
import type { App } from '@/lib/server/app';
import { rolesOf, type SessionUser } from '@/lib/server/users/users';

export async function sessionUser(app: App, headers: Headers): Promise<SessionUser | null> {
  const session = await app.auth.api.getSession({ headers });
  if (!session) return null;
  const { id, email, name } = session.user;
  return { id, email, name, roles: await rolesOf(app.db, id) };
}
