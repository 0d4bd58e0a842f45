import 'server-only';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { matchRoute, routeTemplate, type RouteTemplate } from '@/lib/observability/route-templates';
import type { Db } from '@/lib/server/db/client';
import { rowsOf } from '@/lib/server/db/rows';

/**
 * The process's Prometheus registry. Request metrics are observed as they happen; everything that
 * lives in the database (queue, replays, audit) is read at scrape time, so every process behind a
 * load balancer reports the same numbers for them and a restart loses nothing. Labels are bounded:
 * kinds, statuses, route templates, never an id.
 */
type HttpLabels = 'method' | 'route' | 'status';
type Metrics = { registry: Registry; http: Histogram<HttpLabels>; requests: Counter<HttpLabels>; bindDb(db: Db): void };

const globalForMetrics = globalThis as unknown as { __assayMetrics?: Metrics };

export function metrics(): Metrics {
  globalForMetrics.__assayMetrics ??= createMetrics();
  return globalForMetrics.__assayMetrics;
}

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'assay_process_' });
  let db: Db | null = null;
  const query = async <T>(statement: ReturnType<typeof sql>): Promise<T[]> => (db ? rowsOf<T>(await db.execute(statement)) : []);

  const http = new Histogram({
    name: 'assay_http_request_duration_seconds',
    help: 'API request durations by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const requests = new Counter({
    name: 'assay_http_requests_total',
    help: 'API requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'assay_jobs',
    help: 'Jobs in the queue by kind and status',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await query<{ kind: string; status: string; n: number }>(sql`SELECT kind, status, count(*)::int AS n FROM jobs GROUP BY kind, status`);
      for (const r of rows) this.set({ kind: r.kind, status: r.status }, r.n);
    },
  });

  new Gauge({
    name: 'assay_job_oldest_queued_age_seconds',
    help: 'Age of the oldest due job that no worker has claimed yet, by kind (0 when none waits)',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await query<{ kind: string; age: number }>(
        sql`SELECT kind, extract(epoch FROM now() - min(run_after))::float8 AS age FROM jobs WHERE status = 'queued' AND run_after <= now() GROUP BY kind`,
      );
      for (const r of rows) this.set({ kind: r.kind }, Math.max(0, Number(r.age)));
    },
  });

  // Counters read from append-only tables: a row is never removed, so the count only grows.
  new Counter({
    name: 'assay_replays_total',
    help: 'Finished server-side replays by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await query<{ status: string; n: number }>(sql`SELECT status, count(*)::int AS n FROM experiment_replays GROUP BY status`);
      for (const r of rows) this.inc({ outcome: r.status }, r.n);
    },
  });

  new Counter({
    name: 'assay_audit_events_total',
    help: 'Events appended to the audit log',
    registers: [registry],
    async collect() {
      this.reset();
      const [row] = await query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events`);
      if (row) this.inc(row.n);
    },
  });

  return { registry, http, requests, bindDb: (next) => (db = next) };
}

let templates: RouteTemplate[] | null = null;

/** The API's route templates, read once from app/ (the App Router's own file layout). */
function apiTemplates(): RouteTemplate[] {
  if (templates) return templates;
  const root = join(process.cwd(), 'app');
  const found: RouteTemplate[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (/^route\.(ts|js)$/.test(entry.name)) found.push(routeTemplate(relative(root, dir).split(sep).join('/')));
    }
  };
  walk(root);
  templates = found;
  return templates;
}

/** Records one API request; called by route() for every handler. */
export function observeRequest(req: Request, status: number, seconds: number): void {
  const template = matchRoute(apiTemplates(), new URL(req.url).pathname) ?? 'unmatched';
  const labels = { method: req.method, route: template, status: String(status) };
  const m = metrics();
  m.http.observe(labels, seconds);
  m.requests.inc(labels);
}
