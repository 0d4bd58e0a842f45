import 'server-only';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuth, type Auth } from '@/lib/server/auth/auth';
import { SignInLimit } from '@/lib/server/auth/sign-in-limit';
import { readConfig, type Config } from '@/lib/server/config';
import { openDatabase, type Database, type Db } from '@/lib/server/db/client';
import { seedDemoWorkspace, type DemoSeedResult } from '@/lib/server/demo/seed';

export type App = { config: Config; database: Database; db: Db; auth: Auth; signInLimit: SignInLimit };

/** Demo mode keeps a generated secret in the data dir so sessions survive a restart. */
function demoSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function buildApp(config: Config): App {
  const database = openDatabase(
    config.database.kind === 'postgres' ? config.database : { kind: 'pglite', dataDir: config.database.dataDir },
  );
  const secret = config.secret ?? demoSecret(process.env.ASSAY_DATA_DIR ?? './.assay');
  const auth = createAuth({ db: database.db, secret, baseUrl: config.baseUrl, trustedOrigins: config.allowedOrigins });
  return { config, database, db: database.db, auth, signInLimit: new SignInLimit() };
}

type Booted = { app: App; ready: Promise<DemoSeedResult | null> };
const globalForApp = globalThis as unknown as { __assay?: Booted };

/** One app per process (Next may evaluate this module in several bundles; HMR re-evaluates it). */
function booted(): Booted {
  if (!globalForApp.__assay) {
    const app = buildApp(readConfig());
    const ready = (async () => {
      await app.database.migrate();
      return app.config.mode === 'demo' ? seedDemoWorkspace(app) : null;
    })();
    globalForApp.__assay = { app, ready };
  }
  return globalForApp.__assay;
}

export async function getApp(): Promise<App> {
  const { app, ready } = booted();
  await ready;
  return app;
}

export async function bootApp(): Promise<{ app: App; seeded: DemoSeedResult | null }> {
  const { app, ready } = booted();
  return { app, seeded: await ready };
}
