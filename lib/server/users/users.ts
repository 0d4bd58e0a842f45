import 'server-only';
import { eq } from 'drizzle-orm';
import type { Role } from '@/lib/auth/roles';
import type { Auth } from '@/lib/server/auth/auth';
import type { Db } from '@/lib/server/db/client';
import { userRoles, users } from '@/lib/server/db/schema';
import { appendAudit } from '@/lib/server/audit/append';

export type SessionUser = { id: string; email: string; name: string; roles: Role[] };

export async function createUser(
  auth: Auth,
  db: Db,
  input: { email: string; name: string; password: string; roles: Role[] },
  grantedBy: string | null = null,
): Promise<SessionUser> {
  const ctx = await auth.$context;
  const hash = await ctx.password.hash(input.password);
  const user = await ctx.internalAdapter.createUser({ email: input.email.toLowerCase(), name: input.name }, { method: 'email-password' });
  await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: hash });
  await db.transaction(async (tx) => {
    for (const role of input.roles) {
      await tx.insert(userRoles).values({ userId: user.id, role, grantedBy });
      await appendAudit(tx, { actorId: grantedBy, action: 'user.role_granted', objectType: 'user', objectId: user.id, details: { role } });
    }
  });
  return { id: user.id, email: user.email, name: user.name, roles: input.roles };
}

export async function rolesOf(db: Db, userId: string): Promise<Role[]> {
  const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return rows.map((r) => r.role);
}

export async function userCount(db: Db): Promise<number> {
  const rows = await db.select({ id: users.id }).from(users).limit(1);
  return rows.length;
}
