import 'server-only';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { appendAudit } from '@/lib/server/audit/append';
import { CLIENT_IP_HEADER } from '@/lib/server/auth/client-ip-header';
import type { Db } from '@/lib/server/db/client';
import { accounts, sessions, users, verifications } from '@/lib/server/db/schema';

export type AuthOptions = { db: Db; secret: string; baseUrl: string; trustedOrigins?: string[] };

/** Password hashing, session tokens and cookies are Better Auth's; Assay adds roles on top. */
export function createAuth({ db, secret, baseUrl, trustedOrigins = [] }: AuthOptions) {
  return betterAuth({
    appName: 'Assay',
    secret,
    baseURL: baseUrl,
    trustedOrigins: [baseUrl, ...trustedOrigins],
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
    // Per client address. Better Auth's default for sign-in (3 per 10 s) trips up a team behind one
    // NAT; 30 a minute still makes guessing a 10+ character password hopeless. On in every mode (its
    // default is production only); accounts are limited on top, in handler.ts.
    rateLimit: { enabled: true, customRules: { '/sign-in/email': { window: 60, max: 30 } } },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced: {
      cookiePrefix: 'assay',
      useSecureCookies: baseUrl.startsWith('https://'),
      // Only the address handler.ts resolved from the TCP peer and ASSAY_TRUSTED_PROXIES, never a
      // forwarded header as the client sent it.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    telemetry: { enabled: false },
    databaseHooks: {
      session: {
        create: {
          after: async (session) => {
            await appendAudit(db, { actorId: session.userId, action: 'auth.sign_in', objectType: 'user', objectId: session.userId });
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
