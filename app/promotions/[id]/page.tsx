import Link from 'next/link';
import { Section, TextTable } from '@/app/_components/Section';
import { orNotFound } from '@/app/_components/or-not-found';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import type { ArtifactContent } from '@/lib/artifact/schema';
import type { SchemaChange } from '@/lib/promotion/compat';
import type { ModelDataDiff, SideBySide } from '@/lib/promotion/data-diff';
import { allowedActions, COMMENTERS, cannotDecide as whyCannotDecide, isOpen, STATUS_TONE, statusLabel, transition } from '@/lib/promotion/states';
import { requirePageUser } from '@/lib/server/auth/page';
import { getPromotionOrThrow, productionOf, type Promotion } from '@/lib/server/promotion/promotions';
import { AuthorActions } from './AuthorActions';
import { ReviewActions } from './ReviewActions';
import { SqlDiff } from './SqlDiff';

/** What closed the request, in a sentence, with the request that took its place. */
function ClosedNote({ promotion }: { promotion: Promotion }) {
  const last = promotion.history.at(-1)!;
  if (last.status !== 'withdrawn' && last.status !== 'superseded') return null;
  const by = last.status === 'superseded' ? /^superseded by (pr_[0-9a-f]+)/.exec(last.note ?? '')?.[1] : promotion.laterRequest;
  return (
    <p role="note" aria-label="Closed" style={{ margin: '4px 0 0' }}>
      {last.status === 'withdrawn' ? `Withdrawn by ${last.actorName ?? 'its author'} on ${utc(last.at)}${last.note ? `: ${last.note}` : ''}.` : `Superseded on ${utc(last.at)}: the author submitted a newer experiment to this pipeline.`}{' '}
      {by && (
        <>
          {last.status === 'withdrawn' ? 'Submitted again as ' : 'See '}
          <Link href={`/promotions/${by}`} className="mono">
            {by}
          </Link>
          .
        </>
      )}
    </p>
  );
}

/** SQL of each model in production and in the candidate, paired by model name. */
function sqlPairs(production: ArtifactContent | null, candidate: ArtifactContent) {
  const sql = (content: ArtifactContent | null) => new Map((content?.cells ?? []).flatMap((c) => (c.kind === 'sql' ? [[c.name, c.source] as const] : [])));
  const before = sql(production);
  const after = sql(candidate);
  const names = [...new Set([...after.keys(), ...before.keys()])];
  return names.map((name) => ({ name, original: before.get(name) ?? '', modified: after.get(name) ?? '' }));
}

function SchemaChanges({ changes }: { changes: SchemaChange[] }) {
  if (changes.length === 0) return <p className="muted">No schema changes.</p>;
  return (
    <table className="contract" aria-label="Schema changes">
      <tbody>
        {changes.map((c, i) => (
          <tr key={i}>
            <td className="mono">{'column' in c ? `${c.model}.${c.column}` : c.model}</td>
            <td>{c.kind.replaceAll('_', ' ')}</td>
            <td className="mono muted">{'from' in c ? `${c.from} → ${c.to}` : 'type' in c ? c.type : ''}</td>
            <td>{c.breaking ? <span className="badge bad">breaking</span> : <span className="badge ok">non-breaking</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Sample({ label, columns, rows }: { label: string; columns: string[]; rows: (string | null)[][] }) {
  return rows.length === 0 ? null : <TextTable label={label} columns={columns} rows={rows} maxHeight={200} />;
}

function ModelDiff({ diff }: { diff: ModelDataDiff }) {
  const { rows } = diff;
  const delta = diff.rowCounts.delta;
  return (
    <div role="group" aria-label={`Data diff of ${diff.name}`} style={{ display: 'grid', gap: 6 }}>
      <h3 className="mono">{diff.name}</h3>
      <p style={{ margin: 0 }}>
        Rows: {diff.rowCounts.production.toLocaleString('en')} → {diff.rowCounts.candidate.toLocaleString('en')} ({delta > 0 ? '+' : ''}
        {delta.toLocaleString('en')})
        {rows.mode === 'key'
          ? ` · by key (${rows.key.join(', ')}): ${rows.added} added, ${rows.removed} removed, ${rows.changed} changed, ${rows.unchanged} unchanged`
          : ` · as rows: ${rows.onlyInCandidate} only in the candidate, ${rows.onlyInProduction} only in production`}
      </p>
      {diff.keyFallback && <p className="muted" style={{ margin: 0 }}>{diff.keyFallback}</p>}
      {(diff.columns.onlyInCandidate.length > 0 || diff.columns.onlyInProduction.length > 0) && (
        <p className="muted" style={{ margin: 0 }}>
          {diff.columns.onlyInCandidate.length > 0 && `new columns: ${diff.columns.onlyInCandidate.join(', ')}. `}
          {diff.columns.onlyInProduction.length > 0 && `dropped columns: ${diff.columns.onlyInProduction.join(', ')}.`}
        </p>
      )}
      {rows.byColumn && Object.keys(rows.byColumn).length > 0 && (
        <table className="contract" aria-label={`Changed values per column of ${diff.name}`}>
          <tbody>
            {Object.entries(rows.byColumn).map(([column, n]) => (
              <tr key={column}>
                <td className="mono">{column}</td>
                <td>{n.toLocaleString('en')} changed values</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.mode === 'key' ? (
        <>
          <Sample label={`Added rows of ${diff.name}`} {...rows.samples.added} />
          <Sample label={`Removed rows of ${diff.name}`} {...rows.samples.removed} />
          {rows.samples.changed.length > 0 && (
            <table className="contract" aria-label={`Changed rows of ${diff.name}`}>
              <tbody>
                {rows.samples.changed.map((row, i) => (
                  <tr key={i}>
                    <td className="mono">{Object.values(row.key).join(', ')}</td>
                    <td className="mono">
                      {Object.entries(row.changes)
                        .map(([column, { before, after }]) => `${column}: ${before ?? 'NULL'} → ${after ?? 'NULL'}`)
                        .join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : (
        <>
          <Sample label={`Rows only in the candidate of ${diff.name}`} {...rows.samples.onlyInCandidate} />
          <Sample label={`Rows only in production of ${diff.name}`} {...rows.samples.onlyInProduction} />
        </>
      )}
    </div>
  );
}

function DataDiff({ diff }: { diff: SideBySide | { error: string } | null }) {
  if (diff === null) return <p className="muted">No production version yet: nothing to compare the data with.</p>;
  if (!('models' in diff)) return <p className="form-error">The data diff could not run: {diff.error}</p>;
  return (
    <>
      {[diff.production.error, diff.candidate.error, diff.error].filter(Boolean).map((e) => (
        <p key={e} className="form-error">
          {e}
        </p>
      ))}
      {diff.models.map((m) => (
        <ModelDiff key={m.name} diff={m} />
      ))}
      {diff.addedModels.length > 0 && <p>New models: {diff.addedModels.map((m) => m.name).join(', ')}</p>}
      {diff.removedModels.length > 0 && <p>Dropped models: {diff.removedModels.map((m) => m.name).join(', ')}</p>}
    </>
  );
}

export default async function PromotionPage({ params }: { params: Promise<{ id: string }> }) {
  const { app, user } = await requirePageUser();
  const { id } = await params;
  const promotion = await orNotFound(getPromotionOrThrow(app.db, id));
  const run = promotion.gateRun;
  const comparedVersion = run ? run.result.productionVersion : promotion.pipeline.currentVersion;
  const production = await productionOf(app.db, promotion.pipeline.id, comparedVersion);
  const compatible = run?.result.gates.find((g) => g.gate === 'compatible');
  const request = { authorId: promotion.authorId, status: promotion.status };
  const cannotDecide = whyCannotDecide(request, user);
  const allowed = allowedActions(request, user);
  const decidable = transition(promotion.status, { type: 'rejected' }).ok;
  const latest = promotion.submissions.at(-1)?.number ?? 1;
  const models = promotion.artifact.content.models.map((m) => ({ name: m.name, schema: m.schema }));
  return (
    <>
      <TopBar user={user} current="pipelines" />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div>
          <div style={{ display: 'flex', gap: 10, alignItems: 'center', flexWrap: 'wrap' }}>
            <h1>Promote “{promotion.artifact.title}”</h1>
            <span role="status" aria-label="Request status" className={`badge ${STATUS_TONE[promotion.status]}`} style={{ fontSize: 13, padding: '2px 10px' }}>
              {statusLabel(promotion.status)}
            </span>
          </div>
          <p className="muted" style={{ margin: 0 }}>
            to <Link href={`/pipelines/${promotion.pipeline.id}`}>{promotion.pipeline.name}</Link> (production{' '}
            {promotion.pipeline.currentVersion === null ? 'empty' : `v${promotion.pipeline.currentVersion}`}) · by {promotion.authorName} · {utc(promotion.createdAt)} · experiment{' '}
            <Link href={`/experiments/${promotion.artifact.id}`} className="mono">
              {promotion.artifact.id.slice(0, 12)}…
            </Link>
          </p>
          <ClosedNote promotion={promotion} />
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Outputs: <span className="mono">{promotion.submission.outputs.join(', ')}</span>
            {models.length > promotion.submission.outputs.length && <> · intermediate: <span className="mono">{models.filter((m) => !promotion.submission.outputs.includes(m.name)).map((m) => m.name).join(', ')}</span></>}
            {promotion.submissions.length > 1 && ` · submission ${latest} of ${promotion.submissions.length}`}
          </p>
          {promotion.status === 'in_review' && promotion.needs.length > 0 && (
            <p aria-label="Approval needs" style={{ margin: '4px 0 0' }}>
              Needs {promotion.needs.join(' and ')}. Approvals so far: {promotion.approvals.map((a) => a.reviewerName).join(', ') || 'none'}.
            </p>
          )}
        </div>

        <Section title="Gates">
          {!run && <p className="muted">The gates have not run yet.</p>}
          {run?.result.error && <p className="form-error">{run.result.error}</p>}
          {run && (
            <ul className="list" aria-label="Gate results">
              {run.result.gates.map((g) => (
                <li key={g.gate} style={{ display: 'block', padding: '8px 0' }}>
                  <span className={`badge ${g.status === 'pass' ? 'ok' : 'bad'}`}>{g.status}</span> <strong>{g.gate}</strong> — {g.summary}
                  <details>
                    <summary className="muted" style={{ fontSize: 12 }}>
                      evidence
                    </summary>
                    <pre className="code" style={{ maxHeight: 260, overflow: 'auto' }}>
                      {JSON.stringify(g.evidence, null, 2)}
                    </pre>
                  </details>
                </li>
              ))}
            </ul>
          )}
          {run && (
            <p className="muted" style={{ margin: 0, fontSize: 12 }}>
              Gate run {run.id} on submission {run.submissionNumber}
              {run.submissionNumber < latest ? ` (an earlier one: the gates of submission ${latest} have not finished)` : ''}, {utc(run.at)}, {(run.result.elapsedMs / 1000).toFixed(1)} s, against production{' '}
              {run.result.productionVersion === null ? '(none)' : `v${run.result.productionVersion}`}.
            </p>
          )}
        </Section>

        <Section title="SQL diff">
          <p className="muted" style={{ margin: 0 }}>
            Production {comparedVersion === null ? '(no version yet)' : `v${comparedVersion}`} on the left, the candidate on the right.
          </p>
          {sqlPairs(production?.content ?? null, promotion.artifact.content)
            .filter((p) => p.original !== p.modified)
            .map((p) => (
              <div key={p.name} style={{ display: 'grid', gap: 4 }}>
                <h3 className="mono">{p.name}</h3>
                <SqlDiff label={`SQL diff of ${p.name}`} original={p.original} modified={p.modified} />
              </div>
            ))}
        </Section>

        <Section title="Schema diff">
          {compatible ? <SchemaChanges changes={(compatible.evidence as { changes: SchemaChange[] }).changes} /> : <p className="muted">Waiting for the gates.</p>}
          {promotion.submission.breaking && <p>Migration note: {promotion.submission.breaking.migrationNote}</p>}
        </Section>

        <Section title="Data diff">{run ? <DataDiff diff={run.result.dataDiff as SideBySide | { error: string } | null} /> : <p className="muted">Waiting for the gates.</p>}</Section>

        <Section title="History">
          <ol className="run-log" aria-label="Request history">
            {promotion.history.map((h, i) => (
              <li key={`s${i}`}>
                {utc(h.at)} · {statusLabel(h.status)}
                {h.actorName ? ` by ${h.actorName}` : ''}
                {h.note ? ` — ${h.note}` : ''}
              </li>
            ))}
          </ol>
          {promotion.submissions.length > 1 && (
            <ol className="run-log" aria-label="Submissions">
              {promotion.submissions.map((s) => (
                <li key={s.number}>
                  {utc(s.at)} · submission {s.number}
                  {s.number < latest ? ` — superseded by submission ${s.number + 1}` : ' — in force'} · outputs {s.submission.outputs.join(', ')}
                </li>
              ))}
            </ol>
          )}
          <ol className="run-log" aria-label="Reviews">
            {promotion.reviews.map((r) => (
              <li key={r.seq}>
                {utc(r.createdAt)} · <strong>{r.reviewerName}</strong> {r.decision === 'comment' ? 'commented' : r.decision.replace('_', ' ')}
                {r.decision === 'approve' && r.gateRunId !== run?.id ? ' (on an earlier gate run: no longer counts)' : ''}
                {r.comment ? `: ${r.comment}` : ''}
              </li>
            ))}
          </ol>
        </Section>

        {allowed.resubmit || allowed.withdraw ? (
          <AuthorActions
            requestId={promotion.id}
            artifactId={promotion.artifact.id}
            models={models}
            pipeline={{
              id: promotion.pipeline.id,
              name: promotion.pipeline.name,
              currentVersion: promotion.pipeline.currentVersion,
              docs: production?.docs ?? {},
              outputs: production?.outputs ?? null,
            }}
            current={{ requestId: promotion.id, pipelineId: promotion.pipeline.id, status: promotion.status, open: isOpen(promotion.status), number: latest, submission: promotion.submission }}
            allowed={{ resubmit: allowed.resubmit && !promotion.gatesPending, withdraw: allowed.withdraw }}
          />
        ) : null}

        {COMMENTERS.some((role) => user.roles.includes(role)) ? (
          <ReviewActions
            requestId={promotion.id}
            artifactId={promotion.artifact.id}
            gateRunId={run?.id ?? null}
            gatesPending={promotion.gatesPending}
            allowed={allowed}
            cannotDecide={cannotDecide}
            decidable={decidable}
          />
        ) : (
          <p className="muted">You can read this request; commenting and deciding need the analyst, reviewer or steward role.</p>
        )}
      </main>
    </>
  );
}
