import Link from 'next/link';
import type { ReactNode } from 'react';
import { Section, TextTable } from '@/app/_components/Section';
import { utc } from '@/app/_components/utc';
import type { StoredReplay } from '@/lib/artifact/replay';
import type { Cell } from '@/lib/notebook/schema';
import type { Experiment } from '@/lib/server/experiments/experiments';
import type { ReplayState } from '@/lib/server/experiments/replays';
import { ReplayBadge } from './ReplayBadge';

type Props = {
  experiment: Experiment;
  replay: ReplayState;
  /** The endpoint the badge polls: the signed-in API, or the share token's. */
  replaySource: string;
  /** Links into the workspace (notebook, parent, compare) only for signed-in readers. */
  signedIn: boolean;
  actions?: ReactNode;
};

const when = (date: Date | string) => utc(date, { seconds: true });
const short = (text: string) => `${text.slice(0, 12)}…`;

function CellCode({ cell }: { cell: Cell }) {
  switch (cell.kind) {
    case 'sql':
      return (
        <figure className="code-cell" aria-label={`Code of ${cell.name}`}>
          <figcaption className="mono">{cell.name}</figcaption>
          <pre className="code">{cell.source}</pre>
        </figure>
      );
    case 'markdown':
      return <pre className="code prose">{cell.source}</pre>;
    case 'check':
      return (
        <figure className="code-cell">
          <figcaption>checks on {cell.model}</figcaption>
          <pre className="code">{JSON.stringify(cell.checks, null, 2)}</pre>
        </figure>
      );
    case 'chart':
      return (
        <figure className="code-cell">
          <figcaption>chart of {cell.model}</figcaption>
          <pre className="code">{JSON.stringify(cell.spec, null, 2)}</pre>
        </figure>
      );
  }
}

function ReplayDetails({ result }: { result: StoredReplay }) {
  return (
    <>
      <p className="muted" style={{ marginTop: 0 }}>
        Replayed on the server with {result.engine.packageVersion} (DuckDB {result.engine.duckdbVersion || '?'}, {result.engine.threads} thread) in{' '}
        {(result.elapsedMs / 1_000).toFixed(2)} s.
      </p>
      {result.error && (
        <p role="alert" className="cell-error" style={{ borderRadius: 6 }}>
          {result.error}
        </p>
      )}
      {result.models.length > 0 && (
        <table className="contract" aria-label="Replayed models">
          <thead>
            <tr>
              <th>model</th>
              <th>recorded</th>
              <th>replayed</th>
              <th>result</th>
            </tr>
          </thead>
          <tbody>
            {result.models.map((m) => (
              <tr key={m.name}>
                <td className="mono">{m.name}</td>
                <td className="mono">
                  {m.expected.rows} rows · {short(m.expected.fingerprint)}
                </td>
                <td className="mono">{m.actual ? `${m.actual.rows} rows · ${short(m.actual.fingerprint)}` : 'not built'}</td>
                <td>{m.match ? <span className="badge ok">match</span> : <span className="badge bad">{m.actual && !m.schemaMatch ? 'schema differs' : 'differs'}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.models
        .filter((m) => m.diff && (m.diff.missing.length > 0 || m.diff.unexpected.length > 0))
        .map((m) => (
          <div key={m.name} style={{ marginTop: 12 }}>
            <h3 className="mono">{m.name}: differing rows</h3>
            {m.diff!.missing.length > 0 && <TextTable label={`Recorded rows missing from the replay of ${m.name}`} columns={m.diff!.expectedColumns} rows={m.diff!.missing} />}
            {m.diff!.unexpected.length > 0 && (
              <>
                <p className="muted">{m.diff!.unexpectedExact ? 'Rows only the replay produced:' : 'First rows of the replay:'}</p>
                <TextTable label={`Replayed rows of ${m.name}`} columns={m.diff!.actualColumns} rows={m.diff!.unexpected} />
              </>
            )}
          </div>
        ))}
      {result.inputs.some((i) => !i.match) && (
        <p className="form-error">Input differs: {result.inputs.filter((i) => !i.match).map((i) => i.name).join(', ')} did not regenerate identically.</p>
      )}
      {result.checks.some((c) => !c.match) && (
        <p className="form-error">
          Checks differ: {result.checks.filter((c) => !c.match).map((c) => `${c.checkId} recorded ${c.expected}, replayed ${c.actual ?? 'not run'}`).join('; ')}
        </p>
      )}
    </>
  );
}

/** The read-only experiment page: for signed-in readers and for a share link alike. */
export function ExperimentView({ experiment, replay, replaySource, signedIn, actions }: Props) {
  const { content, annotations } = experiment;
  const reproducible = content.reproducible;
  return (
    <article aria-label="Experiment" style={{ display: 'grid', gap: 16 }}>
      <header className="page-head" style={{ alignItems: 'flex-start', marginBottom: 0 }}>
        <div style={{ display: 'grid', gap: 6 }}>
          <div style={{ display: 'flex', gap: 10, alignItems: 'center', flexWrap: 'wrap' }}>
            <h1>{annotations.title}</h1>
            <ReplayBadge initial={replay.status} source={replaySource} />
            {!reproducible.ok && <span className="badge bad">Not reproducible</span>}
            {experiment.archivedAt && <span className="badge">Archived</span>}
          </div>
          <p className="muted" style={{ margin: 0 }}>
            {content.author.name} · {when(content.createdAt)} ·{' '}
            {signedIn ? (
              <Link href={`/notebooks/${content.notebook.id}`}>notebook revision {content.notebook.revision}</Link>
            ) : (
              `notebook revision ${content.notebook.revision}`
            )}
            {content.parent && (
              <>
                {' '}
                · forked from {signedIn ? <Link href={`/experiments/${content.parent}`}>{short(content.parent)}</Link> : <span className="mono">{short(content.parent)}</span>}
              </>
            )}
          </p>
          <p className="muted mono" style={{ margin: 0, fontSize: 12 }} aria-label="Experiment id">
            {experiment.id}
          </p>
        </div>
        {actions}
      </header>

      {!reproducible.ok && (
        <div className="banner error" role="alert" aria-label="Not reproducible" style={{ display: 'block', margin: 0 }}>
          <strong>Recorded as not reproducible:</strong>
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {reproducible.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}

      {(annotations.hypothesis || annotations.notes || annotations.tags.length > 0) && (
        <Section title="Hypothesis">
          {annotations.hypothesis && <p style={{ whiteSpace: 'pre-wrap' }}>{annotations.hypothesis}</p>}
          {annotations.notes && <p style={{ whiteSpace: 'pre-wrap' }} className="muted">{annotations.notes}</p>}
          <p style={{ display: 'flex', gap: 6 }}>
            {annotations.tags.map((tag) => (
              <span key={tag} className="badge">
                {tag}
              </span>
            ))}
          </p>
        </Section>
      )}

      <Section title="Replay">
        {replay.result ? <ReplayDetails result={replay.result} /> : <p className="muted">The server has not finished replaying this experiment yet.</p>}
      </Section>

      <Section title="Models">
        {content.models.length === 0 && <p className="muted">No model tables were recorded.</p>}
        {content.models.map((model) => (
          <div key={model.name} className="model" aria-label={`Model ${model.name}`} role="group">
            <h3 className="mono">{model.name}</h3>
            <p className="muted" style={{ margin: '0 0 6px' }}>
              {model.rowCount.toLocaleString('en')} rows · {model.schema.length} columns · <span className="mono" title={model.fingerprint}>{short(model.fingerprint)}</span>
            </p>
            <table className="contract" aria-label={`Schema of ${model.name}`}>
              <tbody>
                {model.schema.map((c) => (
                  <tr key={c.name}>
                    <td className="mono">{c.name}</td>
                    <td className="mono muted">{c.type}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <TextTable label={`Preview of ${model.name}`} columns={model.preview.columns} rows={model.preview.rows} />
          </div>
        ))}
      </Section>

      <Section title="Checks">
        {content.checks.length === 0 ? (
          <p className="muted">No checks.</p>
        ) : (
          <table className="contract" aria-label="Check results">
            <tbody>
              {content.checks.map((c) => (
                <tr key={`${c.cellId}:${c.checkId}`}>
                  <td>{c.label}</td>
                  <td>
                    <span className={`badge ${c.status === 'pass' ? 'ok' : 'bad'}`}>{c.status}</span>
                  </td>
                  <td className="muted">{c.failing > 0 ? `${c.failing} failing rows` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title="Code">
        {content.cells.map((cell) => (
          <CellCode key={cell.id} cell={cell} />
        ))}
      </Section>

      <Section title="Sandbox input">
        <p className="muted" style={{ marginTop: 0 }}>
          {content.sandbox.spec.kind === 'synthetic'
            ? `Synthetic, generator v${content.sandbox.spec.generatorVersion}, seed ${content.sandbox.spec.seed}`
            : `Sample of production ${content.sandbox.spec.sampleId} (${Math.round(content.sandbox.spec.rate * 1000) / 10}% of each root dataset, seed ${content.sandbox.spec.seed}, masked by the contracts)`}
          ; engine {content.engine.packageVersion} ({content.engine.bundle}, DuckDB{' '}
          {content.engine.duckdbVersion}).
        </p>
        <table className="contract" aria-label="Input tables">
          <tbody>
            {Object.entries(content.sandbox.tables).map(([name, table]) => (
              <tr key={name}>
                <td className="mono">{name}</td>
                <td>{table.rows.toLocaleString('en')} rows</td>
                <td className="mono muted" title={table.fingerprint}>
                  {short(table.fingerprint)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section title="Run log">
        <ol className="run-log" aria-label="Run log">
          {content.log.map((entry, i) => (
            <li key={i} className={entry.level}>
              <span className="mono muted">{entry.at.toFixed(0).padStart(6, ' ')} ms</span> {entry.message}
            </li>
          ))}
        </ol>
      </Section>
    </article>
  );
}
