import Link from 'next/link';
import { PageLinks } from '@/app/_components/PageLinks';
import { firstParam } from '@/app/_components/search-params';
import { Section } from '@/app/_components/Section';
import { SlaBadge } from '@/app/_components/SlaBadge';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { humanDuration, QUALITY_WINDOW } from '@/lib/observability/quality';
import { RUN_STATUS_LABELS } from '@/lib/runs/states';
import { requirePageUser } from '@/lib/server/auth/page';
import { healthTrends, HealthPage, listDatasetHealth, listPipelineHealth, TREND_DAYS, type Completeness, type DatasetHealth, type PipelineHealth } from '@/lib/server/health/read';
import { keysetPagingForPage } from '@/lib/server/pagination/keyset';
import { HealthChart } from './HealthChart';

type SearchParams = Record<string, string | string[] | undefined>;

const RUN_BADGE: Record<string, string> = { published: 'ok', built: 'ok', checks_failed: 'bad', failed: 'bad', queued: 'pending', running: 'pending' };
const LOAD_BADGE: Record<string, string> = { published: 'ok', quarantined: 'bad', failed: 'bad', queued: 'pending', running: 'pending' };
const COMPLETENESS: Record<Completeness, string> = {
  complete: 'rows loaded',
  empty: 'current snapshot is empty',
  behind: 'last load not applied',
  missing: 'no snapshot',
};

const sla = (hours: number | null) => (hours === null ? <span className="muted">none</span> : `${hours} h`);
const freshness = (seconds: number | null, never: string) => (seconds === null ? <span className="muted">{never}</span> : `${humanDuration(seconds)} ago`);
const score = (quality: number | null, none: string) =>
  quality === null ? (
    <span className="muted" aria-label="Quality score: none">
      {none}
    </span>
  ) : (
    <strong aria-label={`Quality score ${quality}`}>{quality}</strong>
  );

function PipelineRow({ p }: { p: PipelineHealth }) {
  return (
    <tr aria-label={`Pipeline ${p.name}`} className={p.breaching ? 'breaching' : undefined}>
      <td>
        <Link href={`/pipelines/${p.id}`} className="mono">
          {p.name}
        </Link>
        <div className="muted" style={{ fontSize: 12 }}>
          {p.currentVersion === null ? 'no version yet' : `version ${p.currentVersion}`}
          {p.currentVersion !== null && (
            <>
              {' '}
              · <Link href={`/pipelines/${p.id}/lineage`}>lineage</Link>
            </>
          )}
        </div>
      </td>
      <td>
        {p.breaching ? <SlaBadge breaches={p.breaches} outcome="run" /> : <span className="badge ok">within SLA</span>}
      </td>
      <td>
        {p.lastRun === null ? (
          <span className="muted">no run yet</span>
        ) : (
          <>
            <Link href={`/pipelines/${p.id}/runs/${p.lastRun.id}`}>run {p.lastRun.id}</Link> <span className={`badge ${RUN_BADGE[p.lastRun.status] ?? ''}`}>{RUN_STATUS_LABELS[p.lastRun.status]}</span>
            <div className="muted" style={{ fontSize: 12 }}>
              {p.lastRun.finishedAt ? `finished ${utc(p.lastRun.finishedAt)}` : 'not finished'}
              {p.lastRun.durationMs !== null && ` · ${(p.lastRun.durationMs / 1000).toFixed(2)} s`}
            </div>
          </>
        )}
      </td>
      <td>{freshness(p.freshnessSeconds, 'nothing published')}</td>
      <td>{sla(p.slaHours)}</td>
      <td>{p.runsFinished === 0 ? <span className="muted">none finished</span> : `${p.runsPassed} of ${p.runsFinished}`}</td>
      <td>{score(p.quality, 'no finished run')}</td>
    </tr>
  );
}

function DatasetRow({ d }: { d: DatasetHealth }) {
  return (
    <tr aria-label={`Dataset ${d.name}`} className={d.breaching ? 'breaching' : undefined}>
      <td>
        <Link href={`/catalog/${d.id}`} className="mono">
          {d.name}
        </Link>
        {!d.bound && (
          <div className="muted" style={{ fontSize: 12 }}>
            no source bound
          </div>
        )}
      </td>
      <td>{d.breaching ? <SlaBadge breaches={d.breaches} outcome="load" /> : <span className="badge ok">within SLA</span>}</td>
      <td>
        {d.snapshot === null ? (
          <span className="muted">none</span>
        ) : (
          <>
            snapshot {d.snapshot.id} · {d.snapshot.rows.toLocaleString('en-US')} rows
            <div className="muted" style={{ fontSize: 12 }}>
              loaded {utc(d.snapshot.loadedAt)}
            </div>
          </>
        )}
      </td>
      <td>{freshness(d.freshnessSeconds, 'never loaded')}</td>
      <td>{sla(d.slaHours)}</td>
      <td>
        {d.lastLoad === null ? (
          <span className="muted">no load yet</span>
        ) : (
          <>
            <span className={`badge ${LOAD_BADGE[d.lastLoad.status] ?? ''}`}>{d.lastLoad.status}</span>
            {d.lastLoad.finishedAt && <div className="muted" style={{ fontSize: 12 }}>{utc(d.lastLoad.finishedAt)}</div>}
            {d.lastLoad.error && <div className="muted" style={{ fontSize: 12 }}>{d.lastLoad.error.slice(0, 120)}</div>}
          </>
        )}
      </td>
      <td>{COMPLETENESS[d.completeness]}</td>
      <td>{d.loadsFinished === 0 ? <span className="muted">none finished</span> : `${d.loadsPassed} of ${d.loadsFinished}`}</td>
      <td>{score(d.quality, 'no finished load')}</td>
    </tr>
  );
}

const DAY = { field: 'day', type: 'temporal', title: 'day (UTC)', timeUnit: 'utcyearmonthdate' } as const;

/** Status and numbers of every pipeline and dataset (each list paged by its own parameter), and the
 * last 30 days of runs as charts. */
export default async function HealthDashboard({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { app, user } = await requirePageUser();
  const raw = await searchParams;
  const pagingOf = (list: string, param: string) => {
    const query = HealthPage.safeParse({ cursor: firstParam(raw[param]) });
    if (!query.success) return { error: `${param}: ${query.error.issues[0]?.message}` };
    return keysetPagingForPage(app, { list, filter: {} }, query.data);
  };
  const pipelinePaging = pagingOf('pipeline_health', 'pipelines');
  const datasetPaging = pagingOf('dataset_health', 'datasets');
  const now = new Date();
  const empty = { items: [], nextCursor: null };
  const [pipelines, datasets, trends] = await Promise.all([
    'error' in pipelinePaging ? empty : listPipelineHealth(app.db, pipelinePaging.request, now).then(pipelinePaging.page),
    'error' in datasetPaging ? empty : listDatasetHealth(app.db, datasetPaging.request, now).then(datasetPaging.page),
    healthTrends(app.db, now),
  ]);
  const refusals = [pipelinePaging, datasetPaging].flatMap((p) => ('error' in p ? [p.error] : []));
  const links = (label: string, param: string, nextCursor: string | null) => (
    <PageLinks label={label} path="/health" filters={{}} cursorParam={param} nextCursor={nextCursor} onLaterPage={Boolean(firstParam(raw[param]))} />
  );
  return (
    <>
      <TopBar user={user} current="health" />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div>
          <h1>Health</h1>
          <p className="muted" style={{ margin: 0 }}>
            Is production fresh and passing? Freshness is measured against the strictest SLA of the contracts involved; the quality score (0–100) is half the pass rate of
            the last {QUALITY_WINDOW} runs or loads and half freshness (docs/observability.md). As of {utc(now)}.
          </p>
        </div>
        {refusals.map((message) => (
          <p key={message} role="alert" className="form-error">
            {message}
          </p>
        ))}
        <section className="card" aria-label="Pipelines">
          <h2 style={{ padding: '14px 18px 0' }}>Pipelines</h2>
          {pipelines.items.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              No pipelines yet.
            </p>
          ) : (
            <table className="data-list">
              <thead>
                <tr>
                  <th>Pipeline</th>
                  <th>Status</th>
                  <th>Last run</th>
                  <th>Published</th>
                  <th>SLA</th>
                  <th>Runs passed</th>
                  <th>Quality</th>
                </tr>
              </thead>
              <tbody>
                {pipelines.items.map((p) => (
                  <PipelineRow key={p.id} p={p} />
                ))}
              </tbody>
            </table>
          )}
          {links('Pipeline health pages', 'pipelines', pipelines.nextCursor)}
        </section>
        <section className="card" aria-label="Datasets">
          <h2 style={{ padding: '14px 18px 0' }}>Datasets</h2>
          {datasets.items.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              No datasets in the catalog yet.
            </p>
          ) : (
            <table className="data-list">
              <thead>
                <tr>
                  <th>Dataset</th>
                  <th>Status</th>
                  <th>Current snapshot</th>
                  <th>Loaded</th>
                  <th>SLA</th>
                  <th>Last load</th>
                  <th>Completeness</th>
                  <th>Loads passed</th>
                  <th>Quality</th>
                </tr>
              </thead>
              <tbody>
                {datasets.items.map((d) => (
                  <DatasetRow key={d.id} d={d} />
                ))}
              </tbody>
            </table>
          )}
          {links('Dataset health pages', 'datasets', datasets.nextCursor)}
        </section>
        <Section title={`Runs over the last ${TREND_DAYS} days`}>
          {trends.failures.length === 0 ? (
            <p className="muted" style={{ margin: 0 }}>
              No run finished in the last {TREND_DAYS} days.
            </p>
          ) : (
            <>
              <HealthChart
                label="Mean run duration per day (s)"
                values={trends.perPipeline}
                spec={{ mark: { type: 'line', point: true }, encoding: { x: DAY, y: { field: 'avgSeconds', type: 'quantitative', title: 'mean duration (s)' }, color: { field: 'pipeline', type: 'nominal' } } }}
              />
              <HealthChart
                label="Rows written per day"
                values={trends.perPipeline}
                spec={{ mark: { type: 'bar' }, encoding: { x: DAY, y: { field: 'rowsWritten', type: 'quantitative', title: 'rows written', stack: 'zero' }, color: { field: 'pipeline', type: 'nominal' } } }}
              />
              <HealthChart
                label="Failure rate per day, all pipelines"
                values={trends.failures}
                spec={{
                  mark: { type: 'bar', color: '#a33a2b' },
                  encoding: {
                    x: DAY,
                    y: { field: 'failureRate', type: 'quantitative', title: 'failed runs', axis: { format: '%' }, scale: { domain: [0, 1] } },
                    tooltip: [{ field: 'day', type: 'nominal' }, { field: 'runs', type: 'quantitative' }, { field: 'failed', type: 'quantitative' }],
                  },
                }}
              />
              {trends.truncated && <p className="muted" style={{ margin: 0 }}>Only the first pipelines by name of the busiest days are drawn.</p>}
            </>
          )}
        </Section>
      </main>
    </>
  );
}
