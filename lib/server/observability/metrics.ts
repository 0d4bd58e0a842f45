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
type Metrics = {
  registry: Registry;
  http: Histogram<HttpLabels>;
  requests: Counter<HttpLabels>;
  /** Observed by the run job as each run finishes (a restart starts them again, as Prometheus expects). */
  runDuration: Histogram<'pipeline' | 'status'>;
  runRows: Counter<'pipeline' | 'direction'>;
  checkFailures: Counter<'pipeline' | 'severity'>;
  loadDuration: Histogram<'dataset' | 'status'>;
  loadRows: Counter<'dataset' | 'direction'>;
  /** Points the database-backed series at `db`; called before each scrape, it also starts a new one
   * (reads that several series share are made once per scrape). */
  /** Each delivery attempt of an OpenLineage event (lib/server/openlineage/delivery.ts). */
  openLineageEvents: Counter<'event_type' | 'outcome'>;
  bindDb(db: Db): void;
};

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
  type Tally = { metric: string; l1: string; l2: string; n: number; age: number | null; pipeline: string | null };
  let scrapeTallies: Promise<Map<string, Tally[]>> | null = null;
  /** The triggers' running counts (drizzle/0030), read once per scrape: one row per series, however
   * long the history. Runs carry their pipeline's name, the label they are reported by. The rows come
   * back as one JSON text: PGlite decodes a result row by row in JavaScript, and 3,000 rows cost it
   * 22 ms against 5 ms for the same data as one value (docs/benchmarks.md, the /metrics scrape). */
  const readTallies = async (): Promise<Map<string, Tally[]>> => {
    const [row] = await query<{ tallies: string | null }>(
      sql`SELECT json_agg(json_build_array(t.metric, t.l1, t.l2, t.n, extract(epoch FROM now() - t.latest), p.name))::text AS tallies
          FROM metric_tallies t LEFT JOIN pipelines p ON t.metric = 'runs' AND p.id = t.l1`,
    );
    const byMetric = new Map<string, Tally[]>();
    for (const [metric, l1, l2, n, age, pipeline] of JSON.parse(row?.tallies ?? '[]') as [string, string, string, number, number | null, string | null][]) {
      const series = byMetric.get(metric) ?? [];
      series.push({ metric, l1, l2, n, age, pipeline });
      byMetric.set(metric, series);
    }
    return byMetric;
  };
  const tallies = async (metric: string) => (await (scrapeTallies ??= readTallies())).get(metric) ?? [];

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

  // Counters of append-only tables, from the triggers' tallies: a row is never removed, so the count only grows.
  new Counter({
    name: 'assay_replays_total',
    help: 'Finished server-side replays by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const t of await tallies('replays')) this.inc({ outcome: t.l1 }, t.n);
    },
  });

  new Counter({
    name: 'assay_audit_events_total',
    help: 'Events appended to the audit log',
    registers: [registry],
    async collect() {
      this.reset();
      for (const t of await tallies('audit')) this.inc(t.n);
    },
  });

  // Production runs: outcomes tallied from the append-only audit log (so every process agrees), the
  // rest observed as runs finish. The pipeline label is its name: bounded by the pipelines there are.
  new Counter({
    name: 'assay_pipeline_runs_total',
    help: 'Finished production runs by pipeline and status (published, built, checks_failed, failed)',
    labelNames: ['pipeline', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const t of await tallies('runs')) if (t.pipeline !== null) this.inc({ pipeline: t.pipeline, status: t.l2 }, t.n);
    },
  });
  const runDuration = new Histogram({
    name: 'assay_pipeline_run_duration_seconds',
    help: 'Production run durations (build, fingerprints and checks) by pipeline and status',
    labelNames: ['pipeline', 'status'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [registry],
  });
  const runRows = new Counter({
    name: 'assay_pipeline_rows_total',
    help: 'Rows production runs read from their input snapshots (direction=read) and wrote to their outputs (direction=written)',
    labelNames: ['pipeline', 'direction'] as const,
    registers: [registry],
  });
  const checkFailures = new Counter({
    name: 'assay_check_failures_total',
    help: 'Checks that failed or could not be evaluated in production runs, by severity (error blocks the publish)',
    labelNames: ['pipeline', 'severity'] as const,
    registers: [registry],
  });
  const openLineageEvents = new Counter({
    name: 'assay_openlineage_events_total',
    help: 'Delivery attempts of OpenLineage events by event type (START, COMPLETE, FAIL) and outcome (delivered; refused: the endpoint answered non-2xx; unreachable: no answer, a timeout or a file error)',
    labelNames: ['event_type', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'assay_pipeline_freshness_seconds',
    help: "Seconds since the oldest input snapshot of what each pipeline's production names serve was loaded",
    labelNames: ['pipeline'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await query<{ pipeline: string; loaded: string | null }>(
        sql`SELECT p.name AS pipeline, (SELECT min((i->>'loadedAt')::timestamptz) FROM jsonb_array_elements(r.inputs) i)::text AS loaded
            FROM (SELECT DISTINCT ON (pipeline_id) pipeline_id, run_id FROM pipeline_publishes ORDER BY pipeline_id, id DESC) latest
            JOIN pipelines p ON p.id = latest.pipeline_id JOIN pipeline_runs r ON r.id = latest.run_id`,
      );
      for (const r of rows) if (r.loaded) this.set({ pipeline: r.pipeline }, Math.max(0, (Date.now() - Date.parse(r.loaded)) / 1000));
    },
  });

  // Loads: outcomes tallied from the append-only snapshots and audit log, durations and rows observed
  // as each load commits. The dataset label is its id: bounded by the catalog.
  new Counter({
    name: 'assay_loads_total',
    help: 'Finished loads by dataset and status (published, quarantined by drift, failed)',
    labelNames: ['dataset', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const t of await tallies('loads')) this.inc({ dataset: t.l1, status: t.l2 }, t.n);
    },
  });
  const loadDuration = new Histogram({
    name: 'assay_load_duration_seconds',
    help: 'Load durations (extract, load, contract checks and fingerprint) by dataset and status',
    labelNames: ['dataset', 'status'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [registry],
  });
  const loadRows = new Counter({
    name: 'assay_load_rows_total',
    help: 'Rows loads read from their source (direction=read) and wrote to their snapshot (direction=written)',
    labelNames: ['dataset', 'direction'] as const,
    registers: [registry],
  });
  new Counter({
    name: 'assay_drift_events_total',
    help: 'Schema and contract drift events by dataset and outcome (blocked, accepted)',
    labelNames: ['dataset', 'outcome'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const t of await tallies('drift')) this.inc({ dataset: t.l1, outcome: t.l2 }, t.n);
    },
  });
  new Gauge({
    name: 'assay_dataset_freshness_seconds',
    help: "Seconds since each dataset's current snapshot (its latest published load) finished",
    labelNames: ['dataset'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const t of await tallies('loads')) if (t.l2 === 'published' && t.age !== null) this.set({ dataset: t.l1 }, Math.max(0, t.age));
    },
  });

  // Alerts: an episode counts once however often it repeated (repeats are grouped), so this is what
  // paged someone; deliveries count every attempt by whether the endpoint answered 2xx.
  new Counter({
    name: 'assay_alerts_fired_total',
    help: 'Alert episodes opened, by rule (repeats while one is open are grouped into it)',
    labelNames: ['rule'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const t of await tallies('alerts')) this.inc({ rule: t.l1 }, t.n);
    },
  });
  new Counter({
    name: 'assay_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (succeeded: a 2xx answer; failed: another status, an error or the time limit)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const t of await tallies('webhook_deliveries')) this.inc({ status: t.l1 }, t.n);
    },
  });

  return { registry, http, requests, runDuration, runRows, checkFailures, loadDuration, loadRows, openLineageEvents, bindDb: (next) => {
      db = next;
      scrapeTallies = null;
    },
  };
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

/** Records a finished production run's duration, rows and failing checks. */
export function observeRun(run: { pipeline: string; status: string; seconds: number; rowsRead: number; rowsWritten: number; failedChecks: { severity: string }[] }): void {
  const m = metrics();
  m.runDuration.observe({ pipeline: run.pipeline, status: run.status }, run.seconds);
  m.runRows.inc({ pipeline: run.pipeline, direction: 'read' }, run.rowsRead);
  m.runRows.inc({ pipeline: run.pipeline, direction: 'written' }, run.rowsWritten);
  for (const check of run.failedChecks) m.checkFailures.inc({ pipeline: run.pipeline, severity: check.severity });
}

/** Records a committed load's duration and rows (a failed load is counted from the audit log). */
export function observeLoad(load: { dataset: string; status: string; seconds: number; rowsRead: number; rowsWritten: number }): void {
  const m = metrics();
  m.loadDuration.observe({ dataset: load.dataset, status: load.status }, load.seconds);
  m.loadRows.inc({ dataset: load.dataset, direction: 'read' }, load.rowsRead);
  m.loadRows.inc({ dataset: load.dataset, direction: 'written' }, load.rowsWritten);
}

export type OpenLineageOutcome = 'delivered' | 'refused' | 'unreachable';

/** Records one delivery attempt of an OpenLineage event. */
export function observeOpenLineage(eventType: string, outcome: OpenLineageOutcome): void {
  metrics().openLineageEvents.inc({ event_type: eventType, outcome });
}
