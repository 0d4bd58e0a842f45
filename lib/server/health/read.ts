import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { PageQuery } from '@/lib/pagination/query';
import { QUALITY_WINDOW, qualityScore, slaBreaches, type Breach } from '@/lib/observability/quality';
import { FAILED_RUN_STATUSES, PUBLISHABLE_RUN_STATUSES, type RunStatus } from '@/lib/runs/states';
import type { Db } from '@/lib/server/db/client';
import { rowsOf } from '@/lib/server/db/rows';
import { afterKey, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';
import { LOAD_JOB } from '@/lib/server/sources/loads';

/** Both health lists' page size. */
export const HealthPage = PageQuery({ defaultLimit: 50, maxLimit: 200 });

export type PipelineHealth = {
  id: string;
  name: string;
  currentVersion: number | null;
  lastRun: { id: number; status: RunStatus; finishedAt: Date | null; durationMs: number | null } | null;
  /** When the publish production serves now was made; null before the first. */
  publishedAt: Date | null;
  freshnessSeconds: number | null;
  /** The strictest freshness SLA among the datasets production's version reads (its latest run's inputs). */
  slaHours: number | null;
  /** Among the last QUALITY_WINDOW finished runs. */
  runsPassed: number;
  runsFinished: number;
  quality: number | null;
  breaches: Breach[];
  breaching: boolean;
};

export const LOAD_STATUSES = ['queued', 'running', 'published', 'quarantined', 'failed'] as const;
export type LoadStatus = (typeof LOAD_STATUSES)[number];

/** What the current snapshot says about the data, without scanning it: is there one, has it rows, did
 * the last load replace it (or fail, or get quarantined, so production reads older data than the source). */
export type Completeness = 'missing' | 'empty' | 'behind' | 'complete';

export type DatasetHealth = {
  id: string;
  name: string;
  bound: boolean;
  snapshot: { id: number; rows: number; loadedAt: Date } | null;
  freshnessSeconds: number | null;
  slaHours: number | null;
  lastLoad: { jobId: number; status: LoadStatus; finishedAt: Date | null; error: string | null } | null;
  completeness: Completeness;
  /** Among the last QUALITY_WINDOW finished loads: a published snapshot passed, a failed or quarantined load did not. */
  loadsPassed: number;
  loadsFinished: number;
  quality: number | null;
  breaches: Breach[];
  breaching: boolean;
};

const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
const FINISHED = [...PUBLISHABLE_RUN_STATUSES, ...FAILED_RUN_STATUSES];
const num = (value: string | number | null): number | null => (value === null ? null : Number(value));
const date = (value: string | Date | null): Date | null => (value === null ? null : new Date(value));
const age = (from: Date | null, now: Date) => (from === null ? null : Math.max(0, (now.getTime() - from.getTime()) / 1000));

type PipelineRow = {
  id: string;
  name: string;
  current_version: number | null;
  run_id: string | number | null;
  run_status: RunStatus | null;
  run_finished_at: string | Date | null;
  run_elapsed_ms: string | number | null;
  published_at: string | Date | null;
  finished: number;
  passed: number;
  last_status: RunStatus | null;
  sla_hours: number | null;
};

async function pipelineRows(db: Db, where: SQL | undefined, limit: number): Promise<PipelineRow[]> {
  // Every lateral is one backward range scan of an index on (pipeline_id, id), so a page costs its
  // rows times a few index probes, however many runs are stored.
  const rows = await db.execute(sql`
    SELECT p.id, p.name, p.current_version,
      lr.id AS run_id, lr.status AS run_status, lr.finished_at AS run_finished_at, lr.elapsed_ms AS run_elapsed_ms,
      pub.created_at AS published_at,
      coalesce(rec.finished, 0) AS finished, coalesce(rec.passed, 0) AS passed, rec.last_status,
      sla.hours AS sla_hours
    FROM pipelines p
    LEFT JOIN LATERAL (SELECT id, status, finished_at, elapsed_ms FROM pipeline_runs WHERE pipeline_id = p.id ORDER BY id DESC LIMIT 1) lr ON true
    LEFT JOIN LATERAL (SELECT created_at FROM pipeline_publishes WHERE pipeline_id = p.id ORDER BY id DESC LIMIT 1) pub ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS finished,
        count(*) FILTER (WHERE r.status IN (${list(PUBLISHABLE_RUN_STATUSES)}))::int AS passed,
        (array_agg(r.status ORDER BY r.id DESC))[1] AS last_status
      FROM (SELECT id, status FROM pipeline_runs WHERE pipeline_id = p.id AND status IN (${list(FINISHED)}) ORDER BY id DESC LIMIT ${QUALITY_WINDOW}) r
    ) rec ON true
    LEFT JOIN LATERAL (
      SELECT min(c.freshness_sla_hours)::int AS hours
      FROM (SELECT inputs FROM pipeline_runs WHERE pipeline_id = p.id AND version = p.current_version ORDER BY id DESC LIMIT 1) v
      CROSS JOIN LATERAL jsonb_array_elements(v.inputs) i
      JOIN datasets d ON d.id = i->>'datasetId'
      JOIN dataset_contracts c ON c.dataset_id = d.id AND c.version = d.current_version
    ) sla ON true
    WHERE ${where ?? sql`true`}
    ORDER BY p.name
    LIMIT ${limit}`);
  return rowsOf<PipelineRow>(rows);
}

function pipelineHealthOf(row: PipelineRow, now: Date): PipelineHealth {
  const publishedAt = date(row.published_at);
  const freshnessSeconds = age(publishedAt, now);
  const facts = { passed: row.passed, finished: row.finished, ageSeconds: freshnessSeconds, slaHours: row.sla_hours, lastFailed: (FAILED_RUN_STATUSES as readonly string[]).includes(row.last_status ?? '') };
  const breaches = slaBreaches(facts);
  return {
    id: row.id,
    name: row.name,
    currentVersion: row.current_version,
    lastRun: row.run_id === null ? null : { id: Number(row.run_id), status: row.run_status!, finishedAt: date(row.run_finished_at), durationMs: num(row.run_elapsed_ms) },
    publishedAt,
    freshnessSeconds,
    slaHours: row.sla_hours,
    runsPassed: row.passed,
    runsFinished: row.finished,
    quality: qualityScore(facts),
    breaches,
    breaching: breaches.length > 0,
  };
}

/** Every pipeline's health, by name, one page; freshness measured at `now`. */
export async function listPipelineHealth(db: Db, page: PageRequest, now = new Date()): Promise<KeyedPage<PipelineHealth>> {
  const rows = await pipelineRows(db, afterKey(page, 'asc', [[sql`p.name`, 'text']]), page.limit + 1);
  return keyedPage(
    rows.map((row) => pipelineHealthOf(row, now)),
    page,
    (row) => [row.name],
  );
}

/** One pipeline's health (the pipeline page's SLA badge), or null when it does not exist. */
export async function pipelineHealth(db: Db, pipelineId: string, now = new Date()): Promise<PipelineHealth | null> {
  const [row] = await pipelineRows(db, sql`p.id = ${pipelineId}`, 1);
  return row ? pipelineHealthOf(row, now) : null;
}

type DatasetRow = {
  id: string;
  name: string;
  bound: boolean;
  sla_hours: number | null;
  snapshot_id: string | number | null;
  row_count: string | number | null;
  loaded_at: string | Date | null;
  job_id: string | number | null;
  job_status: 'queued' | 'running' | 'succeeded' | 'failed' | null;
  job_finished_at: string | Date | null;
  job_error: string | null;
  job_snapshot_status: 'published' | 'quarantined' | null;
  finished: number;
  passed: number;
  last_status: 'published' | 'quarantined' | 'failed' | null;
};

function loadStatus(row: DatasetRow): LoadStatus | null {
  if (row.job_status === null) return null;
  if (row.job_status === 'succeeded') return row.job_snapshot_status ?? 'failed';
  return row.job_status;
}

function completenessOf(rows: number | null, last: LoadStatus | null): Completeness {
  if (rows === null) return 'missing';
  if (rows === 0) return 'empty';
  return last === 'failed' || last === 'quarantined' ? 'behind' : 'complete';
}

/** Every catalog dataset's health (bound to a source or not), by name, one page; freshness measured at `now`. */
export async function listDatasetHealth(db: Db, page: PageRequest, now = new Date()): Promise<KeyedPage<DatasetHealth>> {
  // A load's outcome is its job's status, and for a job that succeeded, its snapshot's (a quarantined
  // load succeeded as a job but was refused as data). Snapshots are found through (dataset_id, id).
  const rows = await db.execute(sql`
    SELECT d.id, d.name, (src.dataset_id IS NOT NULL) AS bound, c.freshness_sla_hours AS sla_hours,
      s.id AS snapshot_id, s.row_count, s.finished_at AS loaded_at,
      lj.id AS job_id, lj.status AS job_status, lj.finished_at AS job_finished_at, lj.last_error AS job_error,
      (SELECT status FROM snapshots WHERE dataset_id = d.id AND job_id = lj.id LIMIT 1) AS job_snapshot_status,
      coalesce(rec.finished, 0) AS finished, coalesce(rec.passed, 0) AS passed, rec.last_status
    FROM datasets d
    JOIN dataset_contracts c ON c.dataset_id = d.id AND c.version = d.current_version
    LEFT JOIN dataset_sources src ON src.dataset_id = d.id
    LEFT JOIN LATERAL (SELECT id, row_count, finished_at FROM snapshots WHERE dataset_id = d.id AND status = 'published' ORDER BY id DESC LIMIT 1) s ON true
    LEFT JOIN LATERAL (SELECT id, status, finished_at, last_error FROM jobs WHERE kind = ${LOAD_JOB} AND subject = d.id ORDER BY id DESC LIMIT 1) lj ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS finished,
        count(*) FILTER (WHERE o.outcome = 'published')::int AS passed,
        (array_agg(o.outcome ORDER BY o.id DESC))[1] AS last_status
      FROM (
        SELECT j.id, CASE WHEN j.status = 'failed' THEN 'failed' ELSE coalesce((SELECT status FROM snapshots WHERE dataset_id = d.id AND job_id = j.id LIMIT 1), 'failed') END AS outcome
        FROM (SELECT id, status FROM jobs WHERE kind = ${LOAD_JOB} AND subject = d.id AND status IN ('succeeded', 'failed') ORDER BY id DESC LIMIT ${QUALITY_WINDOW}) j
      ) o
    ) rec ON true
    WHERE ${afterKey(page, 'asc', [[sql`d.name`, 'text']]) ?? sql`true`}
    ORDER BY d.name
    LIMIT ${page.limit + 1}`);
  const items = rowsOf<DatasetRow>(rows).map((row): DatasetHealth => {
    const loadedAt = date(row.loaded_at);
    const freshnessSeconds = age(loadedAt, now);
    const status = loadStatus(row);
    const facts = { passed: row.passed, finished: row.finished, ageSeconds: freshnessSeconds, slaHours: row.sla_hours, lastFailed: row.last_status === 'failed' || row.last_status === 'quarantined' };
    const breaches = slaBreaches(facts);
    const rowCount = num(row.row_count);
    return {
      id: row.id,
      name: row.name,
      bound: row.bound,
      snapshot: row.snapshot_id === null ? null : { id: Number(row.snapshot_id), rows: rowCount ?? 0, loadedAt: loadedAt! },
      freshnessSeconds,
      slaHours: row.sla_hours,
      lastLoad: row.job_id === null || status === null ? null : { jobId: Number(row.job_id), status, finishedAt: date(row.job_finished_at), error: row.job_error },
      completeness: completenessOf(row.snapshot_id === null ? null : rowCount, status),
      loadsPassed: row.passed,
      loadsFinished: row.finished,
      quality: qualityScore(facts),
      breaches,
      breaching: breaches.length > 0,
    };
  });
  return keyedPage(items, page, (row) => [row.name]);
}

/** The dashboard's charts cover this many days. */
export const TREND_DAYS = 30;
/** At most this many (day, pipeline) points: 30 days of ~100 pipelines; past it the chart shows the busiest days' first pipelines by name. */
const MAX_TREND_POINTS = 3000;

export type PipelineDay = { day: string; pipeline: string; runs: number; avgSeconds: number | null; rowsWritten: number };
export type FailureDay = { day: string; runs: number; failed: number; failureRate: number };
export type HealthTrends = { perPipeline: PipelineDay[]; failures: FailureDay[]; truncated: boolean };

/** Finished runs of the last TREND_DAYS days, aggregated in SQL per UTC day: per pipeline the mean
 * duration and rows written, and across all pipelines the share of runs that failed. */
export async function healthTrends(db: Db, now = new Date()): Promise<HealthTrends> {
  const since = new Date(now.getTime() - TREND_DAYS * 24 * 3600 * 1000);
  const day = sql`to_char(r.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  const window = sql`r.finished_at >= ${since.toISOString()}::timestamptz AND r.status IN (${list(FINISHED)})`;
  type PerPipeline = { day: string; pipeline: string; runs: number; avg_seconds: number | string | null; rows_written: number | string };
  type PerDay = { day: string; runs: number; failed: number };
  const [perPipeline, perDay] = await Promise.all([
    db.execute(sql`
      SELECT ${day} AS day, p.name AS pipeline, count(*)::int AS runs, (avg(r.elapsed_ms) / 1000)::float8 AS avg_seconds, coalesce(sum(r.rows_out), 0)::float8 AS rows_written
      FROM pipeline_runs r JOIN pipelines p ON p.id = r.pipeline_id
      WHERE ${window}
      GROUP BY 1, 2 ORDER BY 1, 2 LIMIT ${MAX_TREND_POINTS + 1}`),
    db.execute(sql`
      SELECT ${day} AS day, count(*)::int AS runs, count(*) FILTER (WHERE r.status IN (${list(FAILED_RUN_STATUSES)}))::int AS failed
      FROM pipeline_runs r WHERE ${window}
      GROUP BY 1 ORDER BY 1`),
  ]);
  const points = rowsOf<PerPipeline>(perPipeline);
  return {
    perPipeline: points.slice(0, MAX_TREND_POINTS).map((r) => ({ day: r.day, pipeline: r.pipeline, runs: r.runs, avgSeconds: num(r.avg_seconds), rowsWritten: Number(r.rows_written) })),
    failures: rowsOf<PerDay>(perDay).map((r) => ({ day: r.day, runs: r.runs, failed: r.failed, failureRate: r.runs === 0 ? 0 : r.failed / r.runs })),
    truncated: points.length > MAX_TREND_POINTS,
  };
}
