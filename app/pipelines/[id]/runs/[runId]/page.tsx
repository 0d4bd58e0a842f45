import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LineageEmission } from '@/app/_components/LineageEmission';
import { Section } from '@/app/_components/Section';
import { orNotFound } from '@/app/_components/or-not-found';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { RUN_TRIGGERERS } from '@/lib/runs/roles';
import { PUBLISHABLE_RUN_STATUSES, RUN_STATUS_LABELS } from '@/lib/runs/states';
import { requirePageUser } from '@/lib/server/auth/page';
import { getPipelineOrThrow } from '@/lib/server/promotion/pipelines';
import { getRunOrThrow, RunId } from '@/lib/server/runs/read';
import { pendingJob } from '@/lib/server/jobs/queue';
import { emissionStatus } from '@/lib/server/openlineage/outbox';
import { listVerifications, VERIFY_JOB } from '@/lib/server/runs/verify';
import { RefreshWhileActive } from '../../RefreshWhileActive';
import { RunButton } from '../../RunButton';

const seconds = (ms: number | null | undefined) => (ms == null ? '' : `${(ms / 1000).toFixed(2)} s`);

/** One production run: what it read, what it built, its checks with the failing rows, and proofs. */
export default async function RunPage({ params }: { params: Promise<{ id: string; runId: string }> }) {
  const { app, user } = await requirePageUser();
  const { id, runId } = await params;
  const parsed = RunId.safeParse(runId);
  if (!parsed.success) notFound();
  const pipeline = await orNotFound(getPipelineOrThrow(app.db, id));
  const run = await orNotFound(getRunOrThrow(app.db, pipeline.id, parsed.data));
  // The pending job first: a verification that finishes in between then shows as pending, never as gone.
  const verifying = await pendingJob(app.db, VERIFY_JOB, String(run.id));
  const [verifications, emission] = await Promise.all([listVerifications(app.db, run.id), emissionStatus(app.db, `pipeline_run:${run.id}`)]);
  const mayRun = (RUN_TRIGGERERS as readonly string[]).some((r) => user.roles.includes(r as never));
  const publishable = (PUBLISHABLE_RUN_STATUSES as readonly string[]).includes(run.status);
  const active = run.status === 'queued' || run.status === 'running' || verifying !== null;
  return (
    <>
      <TopBar user={user} current="pipelines" />
      <RefreshWhileActive active={active} />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div>
          <p className="muted" style={{ margin: 0 }}>
            <Link href={`/pipelines/${pipeline.id}`}>{pipeline.name}</Link>
          </p>
          <h1>
            Run {run.id} · version {run.version}
          </h1>
          <p role="status" aria-label="Run status" style={{ margin: 0 }}>
            <span className={`badge ${run.status === 'published' || run.status === 'built' ? 'ok' : run.status === 'queued' || run.status === 'running' ? '' : 'bad'}`}>{RUN_STATUS_LABELS[run.status]}</span> · trigger {run.trigger} · queued {utc(run.createdAt)}
            {run.finishedAt && ` · finished ${utc(run.finishedAt)} in ${seconds(run.elapsedMs)}`}
          </p>
          <LineageEmission statuses={emission} />
          {run.error && (
            <pre role="alert" className="form-error" style={{ whiteSpace: 'pre-wrap' }}>
              {run.error}
            </pre>
          )}
          {mayRun && (
            <p style={{ display: 'flex', gap: 12 }}>
              {run.status === 'failed' && <RunButton href={`/api/pipelines/${pipeline.id}/runs/${run.id}/retry`} label="Retry on the same snapshots" />}
              {publishable && <RunButton href={`/api/pipelines/${pipeline.id}/runs/${run.id}/verify`} label="Verify (re-run and compare fingerprints)" />}
            </p>
          )}
        </div>
        <Section title="Inputs">
          <table className="data-list" aria-label="Input snapshots">
            <thead>
              <tr>
                <th>Dataset</th>
                <th>Snapshot</th>
                <th>Rows</th>
                <th>Fingerprint</th>
                <th>Loaded</th>
              </tr>
            </thead>
            <tbody>
              {run.inputs.map((i) => (
                <tr key={i.name}>
                  <td>
                    <Link href={`/catalog/${i.datasetId}`}>{i.name}</Link>
                  </td>
                  <td>#{i.snapshotId}</td>
                  <td>{i.rows.toLocaleString('en-US')}</td>
                  <td className="mono">{i.fingerprint.slice(0, 16)}…</td>
                  <td className="muted">{utc(new Date(i.loadedAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        {run.models && run.models.length > 0 && (
          <Section title="Models">
            <table className="data-list" aria-label="Models built">
              <thead>
                <tr>
                  <th>Model</th>
                  <th>Table</th>
                  <th>Rows</th>
                  <th>Fingerprint</th>
                  <th>Time</th>
                  <th>Columns</th>
                </tr>
              </thead>
              <tbody>
                {run.models.map((m) => (
                  <tr key={m.name} aria-label={`Model ${m.name}`}>
                    <td className="mono">
                      {m.name} {m.output ? <span className="badge ok">output</span> : <span className="badge">intermediate</span>}
                    </td>
                    <td className="mono muted">
                      {m.table.layer}.{m.table.name}
                    </td>
                    <td>{m.rows.toLocaleString('en-US')}</td>
                    <td className="mono">{m.fingerprint.slice(0, 16)}…</td>
                    <td>{seconds(m.elapsedMs)}</td>
                    <td className="mono muted">{m.schema.map((c) => `${c.name} ${c.type}`).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        )}
        {run.checks && run.checks.length > 0 && (
          <Section title="Checks">
            {run.checks.map((c) => (
              <div key={`${c.cellId}:${c.checkId}`} role="group" aria-label={`Check ${c.label}`}>
                <p style={{ margin: 0 }}>
                  <span className={`badge ${c.status === 'pass' ? 'ok' : c.blocking ? 'bad' : ''}`}>{c.status === 'pass' ? 'pass' : c.blocking ? 'failed (blocks)' : `${c.status} (${c.severity})`}</span> <span className="mono">{c.model}</span>: {c.label}
                  {c.failing > 0 && ` — ${c.failing.toLocaleString('en-US')} failing rows`}
                  {c.message && <span className="muted"> {c.message}</span>}
                </p>
                {c.sample.rows.length > 0 && (
                  <table className="contract" aria-label={`Failing rows of ${c.label}`}>
                    <thead>
                      <tr>
                        {c.sample.columns.map((name) => (
                          <th key={name}>{name}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {c.sample.rows.map((row, i) => (
                        <tr key={i}>
                          {row.map((v, j) => (
                            <td key={j} className="mono">
                              {v ?? 'NULL'}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            ))}
          </Section>
        )}
        {verifications.length > 0 && (
          <Section title="Verifications">
            <ul aria-label="Verifications">
              {verifications.map((v) => (
                <li key={v.id}>
                  {utc(v.createdAt)} · <span className={`badge ${v.status === 'match' ? 'ok' : 'bad'}`}>{v.status === 'match' ? 'reproduced bit for bit' : v.status}</span>
                  {v.models.length > 0 && ` · ${v.models.filter((m) => m.match).length} of ${v.models.length} models match`}
                  {v.error && <span className="muted"> {v.error}</span>}
                </li>
              ))}
            </ul>
          </Section>
        )}
      </main>
    </>
  );
}
