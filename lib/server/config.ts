import 'server-only';
import { z } from 'zod';
import { DuckdbMemorySize, REPLAY_DEFAULTS, ReplayTimeoutSeconds } from '@/lib/artifact/replay-limits';

const Env = z.object({
  DATABASE_URL: z.string().url().optional(),
  ASSAY_DATA_DIR: z.string().min(1).default('./.assay'),
  ASSAY_MODE: z.enum(['demo', 'production']).optional(),
  ASSAY_SECRET: z.string().optional(),
  ASSAY_BASE_URL: z.string().url().optional(),
  ASSAY_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  ASSAY_REPLAY_TIMEOUT_SECONDS: ReplayTimeoutSeconds.default(REPLAY_DEFAULTS.timeoutSeconds),
  ASSAY_REPLAY_MEMORY_LIMIT: DuckdbMemorySize.default(REPLAY_DEFAULTS.memoryLimit),
  ASSAY_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], 'an IP address or CIDR range of a reverse proxy in front of Assay'))),
  ASSAY_OPENLINEAGE_URL: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL of an OpenLineage endpoint (e.g. http://marquez:5000/api/v1/lineage)' }).optional(),
  ASSAY_OPENLINEAGE_API_KEY: z.string().optional(),
  ASSAY_OPENLINEAGE_FILE: z.string().min(1).optional(),
  ASSAY_OPENLINEAGE_NAMESPACE: z.string().regex(/^[A-Za-z0-9._:/-]{1,200}$/, 'letters, digits and . _ : / - (at most 200)').default('assay'),
});

/** Where OpenLineage events go (lib/server/openlineage); absent when neither a URL nor a file is set. */
export type OpenLineageConfig = { namespace: string; url: string | null; apiKey: string | null; file: string | null };

export type Config = {
  mode: 'demo' | 'production';
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  /** Missing only in demo mode, where the boot code generates and keeps one in the data dir. */
  secret: string | undefined;
  baseUrl: string;
  /** Server-side replays: wall-clock limit and DuckDB memory_limit of the replay engine. */
  replay: { timeoutMs: number; memoryLimit: string };
  /** Bearer token a Prometheus scrape of /metrics must present; unset, /metrics refuses every scrape. */
  metricsToken?: string;
  /** Origins a state-changing request may come from: the base URL's, and in demo mode its localhost twins. */
  allowedOrigins: string[];
  /** Peers whose X-Forwarded-For is believed (ASSAY_TRUSTED_PROXIES); anyone else's is ignored. */
  trustedProxies: string[];
  openLineage?: OpenLineageConfig;
};

export class ConfigError extends Error {}

/** Production is the default as soon as a real database is configured; the demo workspace (seeded
 * users with published passwords) exists only when asked for or on the embedded database. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set" (shells and CI often export VAR= to clear one).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const mode = e.ASSAY_MODE ?? (e.DATABASE_URL ? 'production' : 'demo');
  if (mode === 'production') {
    const missing = [
      !e.DATABASE_URL && 'DATABASE_URL (production runs on PostgreSQL)',
      (!e.ASSAY_SECRET || e.ASSAY_SECRET.length < 32) && 'ASSAY_SECRET (at least 32 random characters)',
      !e.ASSAY_BASE_URL && 'ASSAY_BASE_URL (the public URL users open)',
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new ConfigError(`production mode refuses to start without ${missing.join(', ')}`);
    }
  }
  if (e.ASSAY_OPENLINEAGE_API_KEY && !e.ASSAY_OPENLINEAGE_URL) {
    throw new ConfigError('invalid configuration: ASSAY_OPENLINEAGE_API_KEY is set without ASSAY_OPENLINEAGE_URL (the key is sent to that endpoint only)');
  }
  const openLineage = e.ASSAY_OPENLINEAGE_URL || e.ASSAY_OPENLINEAGE_FILE
    ? { namespace: e.ASSAY_OPENLINEAGE_NAMESPACE, url: e.ASSAY_OPENLINEAGE_URL ?? null, apiKey: e.ASSAY_OPENLINEAGE_API_KEY ?? null, file: e.ASSAY_OPENLINEAGE_FILE ?? null }
    : null;
  const baseUrl = e.ASSAY_BASE_URL ?? `http://localhost:${env.PORT ?? '3000'}`;
  return {
    mode,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: e.ASSAY_DATA_DIR },
    secret: e.ASSAY_SECRET,
    baseUrl,
    replay: { timeoutMs: e.ASSAY_REPLAY_TIMEOUT_SECONDS * 1_000, memoryLimit: e.ASSAY_REPLAY_MEMORY_LIMIT },
    ...(e.ASSAY_METRICS_TOKEN ? { metricsToken: e.ASSAY_METRICS_TOKEN } : {}),
    allowedOrigins: allowedOrigins(mode, baseUrl),
    trustedProxies: e.ASSAY_TRUSTED_PROXIES,
    ...(openLineage ? { openLineage } : {}),
  };
}

/** Production trusts exactly the base URL; demo mode also its localhost/127.0.0.1 twin on the same port. */
function allowedOrigins(mode: Config['mode'], baseUrl: string): string[] {
  const base = new URL(baseUrl);
  if (mode === 'production') return [base.origin];
  const port = base.port ? `:${base.port}` : '';
  return [...new Set([base.origin, `${base.protocol}//localhost${port}`, `${base.protocol}//127.0.0.1${port}`])];
}
