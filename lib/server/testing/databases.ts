import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { createAuth } from '@/lib/server/auth/auth';
import { openDatabase, type Database } from '@/lib/server/db/client';
import type { App } from '@/lib/server/app';
import { SignInLimit } from '@/lib/server/auth/sign-in-limit';

export type TestApp = App & { close(): Promise<void> };

const SECRET = 'test-secret-that-is-long-enough-for-better-auth';

/** PGlite always; PostgreSQL too whenever DATABASE_URL is set (CI sets it). */
export const TEST_DATABASES: ('pglite' | 'postgres')[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A fresh, migrated database: in-memory PGlite, or a new PostgreSQL database dropped on close. */
export async function openTestDatabase(kind: 'pglite' | 'postgres'): Promise<{ database: Database; close(): Promise<void> }> {
  if (kind === 'pglite') {
    const database = openDatabase({ kind: 'pglite', dataDir: null });
    await database.migrate();
    return { database, close: () => database.close() };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is not set');
  const name = `assay_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ kind: 'postgres', url: url.toString() });
  await database.migrate();
  return {
    database,
    close: async () => {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export async function openTestApp(kind: 'pglite' | 'postgres'): Promise<TestApp> {
  const { database, close } = await openTestDatabase(kind);
  const auth = createAuth({ db: database.db, secret: SECRET, baseUrl: 'http://localhost:3000' });
  const config = {
    mode: 'demo' as const,
    database: { kind: 'pglite' as const, dataDir: '' },
    secret: SECRET,
    baseUrl: 'http://localhost:3000',
    replay: { timeoutMs: 60_000, memoryLimit: '1GB' },
    allowedOrigins: ['http://localhost:3000'],
    trustedProxies: [],
  };
  return { config, database, db: database.db, auth, signInLimit: new SignInLimit(), close };
}
