// npx vitest bench --run bench/metrics.bench.ts — issue 14's /metrics goals: a scrape with 100 pipelines
// and 1,000 datasets (goal < 50 ms), and what recording a finished run's and load's metrics costs (the
// run-side share of "metrics and lineage on a production run", goal < 2% of a run). Rows are inserted
// directly in bulk: 1,000 datasets with 10 snapshots and a drift event each, 100 pipelines with 20 runs
// and a publish each, their run_finished audit events and 100,000 other audit events, with an audit
// checkpoint short of the newest 100 events as the audit page's verification leaves it. On PGlite and,
// with DATABASE_URL, on PostgreSQL. A benchmark, not a test: nothing here asserts time.
import { sql } from 'drizzle-orm';
import { bench, describe } from 'vitest';
import { metrics, observeLoad, observeRun } from '@/lib/server/observability/metrics';
import { openTestApp, TEST_DATABASES } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';

const DATASETS = 1_000;
const PIPELINES = 100;
const RUNS_PER_PIPELINE = 20;

for (const kind of TEST_DATABASES) {
  const app = await openTestApp(kind);
  const owner = (await createUser(app.auth, app.db, { email: 'bench@x.test', name: 'Bench', password: 'long-enough-pw', roles: ['steward'] })).id;
  const steps = [
    sql`INSERT INTO jobs (kind, subject, payload, status) VALUES ('source.load', 'bench', '{}', 'succeeded')`,
    sql`INSERT INTO datasets (id, name, kind, current_version) SELECT 'ds_' || g, 'ds_' || g, 'source', 1 FROM generate_series(1, ${DATASETS}) g`,
    sql`INSERT INTO snapshots (dataset_id, contract_version, status, physical_table, mode, row_count, rows_read, fingerprint, source_schema, started_at, finished_at, trigger, job_id)
        SELECT 'ds_' || d, 1, CASE WHEN s = 10 AND d % 10 = 0 THEN 'quarantined' ELSE 'published' END, 'ds_' || d || '__' || s, 'full', 1000, 1000, 'fp2:bench', '[]',
               now() - (11 - s) * interval '1 hour', now() - (11 - s) * interval '1 hour' + interval '5 seconds', 'schedule', (SELECT min(id) FROM jobs)
        FROM generate_series(1, ${DATASETS}) d, generate_series(1, 10) s`,
    sql`INSERT INTO drift_events (dataset_id, job_id, policy, outcome, changes) SELECT 'ds_' || d, (SELECT min(id) FROM jobs), 'block', 'blocked', '[]' FROM generate_series(1, ${DATASETS}) d`,
    sql`INSERT INTO pipelines (id, name, owner_id, current_version) SELECT 'pl_' || g, 'pipeline ' || g, ${owner}, 1 FROM generate_series(1, ${PIPELINES}) g`,
    sql`INSERT INTO pipeline_runs (pipeline_id, version, artifact_id, run_key, status, trigger, inputs, schema_name, created_at, finished_at)
        SELECT 'pl_' || p, 1, 'bench', 'key' || r, 'published', 'schedule', jsonb_build_array(jsonb_build_object('dataset', 'ds_' || p, 'snapshotId', r, 'loadedAt', now()::text)),
               'run_' || p || '_' || r, now() - r * interval '1 hour', now() - r * interval '1 hour'
        FROM generate_series(1, ${PIPELINES}) p, generate_series(1, ${RUNS_PER_PIPELINE}) r`,
    sql`INSERT INTO pipeline_publishes (pipeline_id, version, run_id, kind, views) SELECT pipeline_id, 1, max(id), 'run', '[]' FROM pipeline_runs GROUP BY pipeline_id`,
    sql`INSERT INTO audit_events (action, object_type, object_id, details)
        SELECT 'pipeline.run_finished', 'pipeline', 'pl_' || (g % ${PIPELINES} + 1), jsonb_build_object('status', CASE WHEN g % 7 = 0 THEN 'failed' ELSE 'published' END)
        FROM generate_series(1, ${PIPELINES * RUNS_PER_PIPELINE}) g`,
    sql`INSERT INTO audit_events (action, object_type, object_id, details) SELECT 'source.load_failed', 'dataset', 'ds_' || g, '{}' FROM generate_series(1, ${DATASETS / 2}) g`,
    sql`INSERT INTO audit_events (action, object_type, object_id, details) SELECT 'experiment.recorded', 'experiment', 'e' || g, '{}' FROM generate_series(1, 100000) g`,
    // As the audit page's verification leaves it: a checkpoint over all but the newest 100 events.
    sql`INSERT INTO audit_checkpoints (count, last_seq, unchained, head, at, signature, kind, full_at)
        SELECT count(*) - 100, (SELECT seq FROM audit_events ORDER BY seq DESC OFFSET 100 LIMIT 1), count(*) - 100, 'bench', now()::text, 'bench', 'full', now() FROM audit_events`,
  ];
  for (const step of steps) await app.db.execute(step);
  metrics().bindDb(app.db);
  const scraped = await metrics().registry.metrics();
  const series = scraped.split('\n').filter((line) => line.startsWith('assay_dataset_freshness_seconds{')).length;
  if (series !== DATASETS) throw new Error(`expected ${DATASETS} dataset freshness series, got ${series}`);

  describe(`/metrics with ${PIPELINES} pipelines and ${DATASETS} datasets on ${kind}`, () => {
    bench('scrape (registry.metrics)', async () => {
      metrics().bindDb(app.db);
      await metrics().registry.metrics();
    }, { iterations: 30, time: 3_000 });
    bench('record one finished run and one load', () => {
      observeRun({ pipeline: 'pipeline 1', status: 'published', seconds: 0.7, rowsRead: 1_000_000, rowsWritten: 3, failedChecks: [{ severity: 'warn' }] });
      observeLoad({ dataset: 'ds_1', status: 'published', seconds: 2.5, rowsRead: 1_000_000, rowsWritten: 1_000_000 });
    });
  });
}
