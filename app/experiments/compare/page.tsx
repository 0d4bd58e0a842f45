import Link from 'next/link';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { compareArtifacts, type CheckChange, type CheckSide, type Hunk } from '@/lib/artifact/compare';
import { AppError } from '@/lib/errors';
import { requirePageUser } from '@/lib/server/auth/page';
import { getExperimentOrThrow, type Experiment } from '@/lib/server/experiments/experiments';


function HunkView({ hunk }: { hunk: Hunk }) {
  return (
    <>
      <div className="hunk">
        @@ -{hunk.oldStart},{hunk.oldLines} +{hunk.newStart},{hunk.newLines} @@
      </div>
      {hunk.lines.map((line, i) => (
        <div key={i} className={line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : undefined}>
          {line}
        </div>
      ))}
    </>
  );
}

/** "pass", "fail (3 rows)", "not run". */
function outcome(side: CheckSide | null): string {
  if (side === null) return '—';
  if (side.status === null) return 'not run';
  return side.status === 'fail' && side.failing !== null ? `fail (${side.failing.toLocaleString('en-US')} ${side.failing === 1 ? 'row' : 'rows'})` : side.status;
}

/** A check change as a sentence a reviewer reads: what it asserts (and what it asserted before). */
function CheckDefinition({ check }: { check: CheckChange }) {
  const on = (side: CheckSide | null) => (
    <span className="muted">
      {' '}
      (on <code>{side?.model}</code>)
    </span>
  );
  if (check.change === 'added') return <>Added: {check.to?.label}{on(check.to)}</>;
  if (check.change === 'removed') return <>Removed: {check.from?.label}{on(check.from)}</>;
  if (check.change === 'changed') {
    return (
      <>
        Changed: {check.from?.label} → {check.to?.label}
        {on(check.to)}
      </>
    );
  }
  return <>{check.to?.label}{on(check.to)}</>;
}

/** Two experiments side by side: cell code as line diffs, model schemas, row counts and data. */
export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser();
  const raw = await searchParams;
  let a: Experiment;
  let b: Experiment;
  try {
    [a, b] = await Promise.all([getExperimentOrThrow(app.db, firstParam(raw.a) ?? ''), getExperimentOrThrow(app.db, firstParam(raw.b) ?? '')]);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <>
        <TopBar user={user} current="experiments" />
        <main className="page">
          <h1>Compare experiments</h1>
          <p role="alert" className="form-error">
            {error.message}. Pick two experiments from an <Link href="/experiments">experiment</Link> page.
          </p>
        </main>
      </>
    );
  }
  const comparison = compareArtifacts(a.content, b.content);
  // Check cells are read under Checks, as sentences, rather than as a JSON diff.
  const checkCells = new Set([...a.content.cells, ...b.content.cells].filter((c) => c.kind === 'check').map((c) => c.id));
  const changedCells = comparison.cells.filter((c) => c.status !== 'same' && !checkCells.has(c.id));
  const checks = comparison.checks.filter((c) => c.change !== 'same' || c.resultChanged);
  return (
    <>
      <TopBar user={user} current="experiments" />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div>
          <h1>Compare experiments</h1>
          <p className="muted" style={{ margin: 0 }}>
            From <Link href={`/experiments/${a.id}`}>{a.title}</Link> ({a.id.slice(0, 8)}) to <Link href={`/experiments/${b.id}`}>{b.title}</Link> ({b.id.slice(0, 8)})
          </p>
        </div>
        <section className="card section" aria-label="Input and engine">
          <h2>Input and engine</h2>
          <p style={{ margin: 0 }}>{comparison.sameInput ? 'Same sandbox input (spec and every input fingerprint).' : 'Different sandbox input: the data the two ran on differs.'}</p>
          <p className="muted" style={{ margin: 0 }}>
            {comparison.engines.from === comparison.engines.to ? `Both on ${comparison.engines.from}.` : `${comparison.engines.from} → ${comparison.engines.to}`}
          </p>
        </section>
        <section className="card section" aria-label="Model differences">
          <h2>Models</h2>
          <table className="contract">
            <thead>
              <tr>
                <th>model</th>
                <th>status</th>
                <th>rows</th>
                <th>data</th>
                <th>schema changes</th>
              </tr>
            </thead>
            <tbody>
              {comparison.models.map((m) => (
                <tr key={m.name}>
                  <td className="mono">{m.name}</td>
                  <td>{m.status}</td>
                  <td className="mono">
                    {m.rows.from ?? '—'} → {m.rows.to ?? '—'}
                    {m.rows.from !== null && m.rows.to !== null && m.rows.from !== m.rows.to && ` (${m.rows.to - m.rows.from > 0 ? '+' : ''}${m.rows.to - m.rows.from})`}
                  </td>
                  <td>{m.status === 'added' || m.status === 'removed' ? '' : m.sameData ? 'same fingerprint' : 'different fingerprint'}</td>
                  <td className="mono" style={{ fontSize: 12 }}>
                    {m.columns
                      .map((c) => (c.change === 'type' ? `~ ${c.column}: ${c.from} → ${c.to}` : `${c.change === 'added' ? '+' : '-'} ${c.column} ${c.type}`))
                      .join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card section" aria-label="Check differences">
          <h2>Checks</h2>
          {checks.length === 0 ? (
            <p className="muted" style={{ margin: 0 }}>
              {comparison.checks.length === 0 ? 'Neither experiment has checks.' : 'The same checks, with the same results.'}
            </p>
          ) : (
            <table className="contract">
              <thead>
                <tr>
                  <th>check</th>
                  <th>result</th>
                </tr>
              </thead>
              <tbody>
                {checks.map((check) => (
                  <tr key={`${check.cellId} ${check.checkId}`}>
                    <td>
                      <CheckDefinition check={check} />
                    </td>
                    <td aria-label={`Result of ${(check.to ?? check.from)?.label ?? check.checkId}`}>
                      {check.from && check.to ? (check.resultChanged ? `${outcome(check.from)} → ${outcome(check.to)}` : `${outcome(check.to)} (unchanged)`) : outcome(check.to ?? check.from)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card section" aria-label="Code differences">
          <h2>Code</h2>
          {changedCells.length === 0 && <p className="muted">{checks.length > 0 ? 'The other cells are identical.' : 'The cells are identical.'}</p>}
          {changedCells.map((cell) => (
            <figure key={cell.id} className="code-cell" aria-label={`Diff of ${cell.label}`}>
              <figcaption>
                {cell.label} · {cell.status}
              </figcaption>
              {cell.hunks.length > 0 && (
                <div className="diff">
                  {cell.hunks.map((hunk, i) => (
                    <HunkView key={i} hunk={hunk} />
                  ))}
                </div>
              )}
            </figure>
          ))}
        </section>
      </main>
    </>
  );
}
