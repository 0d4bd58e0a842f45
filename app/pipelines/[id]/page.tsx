import Link from 'next/link';
import { Section } from '@/app/_components/Section';
import { SlaBadge } from '@/app/_components/SlaBadge';
import { orNotFound } from '@/app/_components/or-not-found';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { listAuditEvents } from '@/lib/server/audit/events';
import { pipelineHealth } from '@/lib/server/health/read';
import { requirePageUser } from '@/lib/server/auth/page';
import { getPipelineOrThrow } from '@/lib/server/promotion/pipelines';
import { productionOf } from '@/lib/server/promotion/promotions';
import { PageLinks } from '@/app/_components/PageLinks';
import { firstParam } from '@/app/_components/search-params';
import { RUN_TRIGGERERS, SCHEDULE_SETTERS } from '@/lib/runs/roles';
import { keysetPagingForPage } from '@/lib/server/pagination/keyset';
import { listRuns, RunPage, servedProduction, whyCannotRun } from '@/lib/server/runs/read';
import { expiryPlan } from '@/lib/server/runs/retention';
import { getRunSchedule } from '@/lib/server/runs/schedules';
import { ProductionSection } from './ProductionSection';
import { RefreshWhileActive } from './RefreshWhileActive';
import { RequiredApprovals } from './RequiredApprovals';
import { RunRetention } from './RunRetention';
import { RunSchedule } from './RunSchedule';
import { RunsSection } from './RunsSection';
import { RollbackButton } from './RollbackButton';

function describe(action: string, details: Record<string, unknown>): string {
  const from = details.from ?? 'none';
  if (action === 'pipeline.promoted') return `promoted version ${String(details.version)} (production was ${String(from)})`;
  if (action === 'pipeline.rolled_back') return `moved production from version ${String(from)} to ${String(details.to)}`;
  if (action === 'pipeline.settings_changed') {
    const change = details.requiredApprovals as { from: number; to: number } | undefined;
    return change ? `approvals required ${change.from} → ${change.to}` : 'changed the settings';
  }
  if (action === 'pipeline.created') return 'created the pipeline';
  return action;
}

/** The production history lists the pointer's moves; runs and publishes have their own section. */
const POINTER_ACTIONS = new Set(['pipeline.created', 'pipeline.promoted', 'pipeline.rolled_back', 'pipeline.settings_changed']);

/** Version history: who promoted what, when, from which artifact, with which approvals; rollback. */
export default async function PipelinePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser();
  const { id } = await params;
  const raw = await searchParams;
  const pipeline = await orNotFound(getPipelineOrThrow(app.db, id));
  const runQuery = RunPage.safeParse({ cursor: firstParam(raw.runs) });
  const runPaging = runQuery.success ? keysetPagingForPage(app, { list: 'runs', filter: { pipelineId: pipeline.id } }, runQuery.data) : { error: `runs: ${runQuery.error.issues[0]?.message}` };
  // The pointer's moves, from the audit log: promotions, rollbacks and policy changes, newest first.
  const [{ items: events }, production, served, runs, schedule, blocked, health, retention] = await Promise.all([
    listAuditEvents(app.db, { objectType: 'pipeline', objectId: pipeline.id }, { after: null, limit: 100 }),
    productionOf(app.db, pipeline.id, pipeline.currentVersion),
    servedProduction(app.db, pipeline.id),
    'error' in runPaging ? { items: [], nextCursor: null } : listRuns(app.db, pipeline.id, runPaging.request).then(runPaging.page),
    getRunSchedule(app.db, pipeline.id),
    whyCannotRun(app.db, pipeline.id, pipeline.currentVersion),
    pipelineHealth(app.db, pipeline.id),
    expiryPlan(app.db, pipeline.id),
  ]);
  const canRollback = user.roles.includes('reviewer') || user.roles.includes('steward');
  const canSetPolicy = user.roles.includes('steward') || user.roles.includes('admin');
  const mayRun = (RUN_TRIGGERERS as readonly string[]).some((r) => user.roles.includes(r as never));
  const maySchedule = (SCHEDULE_SETTERS as readonly string[]).some((r) => user.roles.includes(r as never));
  const active = runs.items.some((r) => r.status === 'queued' || r.status === 'running');
  return (
    <>
      <TopBar user={user} current="pipelines" />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div>
          <h1 className="mono">{pipeline.name}</h1>
          <p className="muted" style={{ margin: 0 }}>
            Owner {pipeline.ownerName} · {pipeline.requiredApprovals} approval{pipeline.requiredApprovals === 1 ? '' : 's'} required ·{' '}
            <span role="status" aria-label="Production version">
              {pipeline.currentVersion === null ? 'no version in production' : `production: version ${pipeline.currentVersion}`}
            </span>{' '}
            {health && <SlaBadge breaches={health.breaches} outcome="run" />}
          </p>
          {canSetPolicy && <RequiredApprovals pipelineId={pipeline.id} current={pipeline.requiredApprovals} />}
        </div>
        <RefreshWhileActive active={active} />
        <ProductionSection pipelineId={pipeline.id} production={served} currentVersion={pipeline.currentVersion} blocked={blocked} canRun={mayRun} canRead={mayRun} now={new Date()} />
        <RunsSection
          pipelineId={pipeline.id}
          runs={runs.items}
          schedule={
            <>
              <p className="muted" style={{ margin: 0 }}>
                {schedule.schedule ? `Runs on cron ${schedule.schedule} (UTC)${schedule.nextRunAt ? `, next ${utc(schedule.nextRunAt)}` : ''}` : 'No cron schedule'} ·{' '}
                {schedule.onNewSnapshot ? 'runs when an input gets a new snapshot' : 'new snapshots do not start a run'}
              </p>
              {maySchedule && <RunSchedule pipelineId={pipeline.id} schedule={schedule.schedule} onNewSnapshot={schedule.onNewSnapshot} />}
              <RunRetention pipelineId={pipeline.id} plan={retention} canManage={canSetPolicy} />
              {'error' in runPaging && <p role="alert" className="form-error">{runPaging.error}</p>}
            </>
          }
          paging={<PageLinks label="runs" path={`/pipelines/${pipeline.id}`} filters={{}} cursorParam="runs" nextCursor={runs.nextCursor} onLaterPage={Boolean(firstParam(raw.runs))} />}
        />
        {production && (
          <Section title={`In production: version ${pipeline.currentVersion}`}>
            {production.content.models.length > production.outputs.length && (
              <p className="muted" style={{ margin: 0 }}>
                Outputs only; intermediate models that also run: {production.content.models.filter((m) => !production.outputs.includes(m.name)).map((m) => m.name).join(', ')}.
              </p>
            )}
            {production.content.models.filter((m) => production.outputs.includes(m.name)).map((model) => {
              const docs = production.docs[model.name];
              const cellIds = new Set(production.content.cells.flatMap((c) => (c.kind === 'check' && c.model === model.name ? [c.id] : [])));
              const checks = production.content.checks.filter((c) => cellIds.has(c.cellId));
              return (
                <div key={model.name} role="group" aria-label={`Model ${model.name}`} style={{ display: 'grid', gap: 4 }}>
                  <h3 className="mono">{model.name}</h3>
                  {docs?.description && <p style={{ margin: 0 }}>{docs.description}</p>}
                  <table className="contract" aria-label={`Columns of ${model.name}`}>
                    <tbody>
                      {model.schema.map((column) => (
                        <tr key={column.name}>
                          <td className="mono">{column.name}</td>
                          <td className="mono muted">{column.type}</td>
                          <td>{docs?.columns[column.name]?.description}</td>
                          <td className="muted">{docs?.columns[column.name]?.nullable === false ? 'not null' : ''}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {checks.length > 0 && <p className="muted" style={{ margin: 0 }}>Checks: {checks.map((c) => c.label).join('; ')}</p>}
                </div>
              );
            })}
          </Section>
        )}
        <section className="card" aria-label="Version history">
          <table className="data-list">
            <thead>
              <tr>
                <th>Version</th>
                <th>From experiment</th>
                <th>Promoted</th>
                <th>Approved by</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {pipeline.versions.map((v) => (
                <tr key={v.version} aria-label={`Version ${v.version}`}>
                  <td>
                    v{v.version} {v.version === pipeline.currentVersion && <span className="badge ok">production</span>}
                  </td>
                  <td>
                    <Link href={`/experiments/${v.artifactId}`}>{v.title}</Link> <span className="mono muted">{v.artifactId.slice(0, 8)}</span> ·{' '}
                    <Link href={`/promotions/${v.requestId}`}>request</Link> · <Link href={`/pipelines/${pipeline.id}/lineage?version=${v.version}`}>lineage</Link>
                  </td>
                  <td>
                    {v.promotedByName}, {utc(v.createdAt)}
                  </td>
                  <td>{v.approvals.map((a) => `${a.reviewerName} (${a.roles.filter((r) => r === 'reviewer' || r === 'steward').join('/')})`).join(', ')}</td>
                  <td>
                    {canRollback && pipeline.currentVersion !== null && v.version !== pipeline.currentVersion && (
                      <RollbackButton pipelineId={pipeline.id} toVersion={v.version} expectedVersion={pipeline.currentVersion} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <Section title="Production history">
          <ol className="run-log">
            {events.filter((e) => POINTER_ACTIONS.has(e.action)).map((e) => (
              <li key={e.seq}>
                {utc(e.occurredAt)} · {e.actorName ?? 'system'} · {describe(e.action, e.details)}
              </li>
            ))}
          </ol>
        </Section>
      </main>
    </>
  );
}
