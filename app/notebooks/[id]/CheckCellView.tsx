'use client';

import { useState, type CSSProperties, type ReactNode } from 'react';
import { newCellId } from '@/lib/notebook/ids';
import type { CheckCell } from '@/lib/notebook/schema';
import { SAMPLE_LIMIT, describeCheck, summarizeChecks, type CheckResult, type CheckSummary } from '@/lib/quality/checks';
import {
  CHECK_KINDS,
  checkKindLabel,
  checkableColumns,
  formatValues,
  matchingColumn,
  newCheck,
  parseBounds,
  parsePredicate,
  parseValues,
  type CheckRelation,
  type Parsed,
} from '@/lib/quality/edit';
import { severityOf, type Check, type CheckKind } from '@/lib/quality/schema';
import { formatCount } from '@/lib/format/count';

export type CheckCellViewProps = {
  cell: CheckCell;
  relations: CheckRelation[];
  /** The last run's results, matched to checks by id; null before the first run. */
  results: CheckResult[] | null;
  running: boolean;
  canEdit: boolean;
  onChange(cell: CheckCell): void;
};

const styles = {
  body: { padding: '10px 14px', display: 'grid', gap: 10 },
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0, display: 'grid', gap: 10 },
  line: { display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 },
  check: { border: '1px solid var(--line)', borderRadius: 6, padding: '8px 10px', display: 'grid', gap: 6 },
  kind: { fontSize: 11, textTransform: 'uppercase', letterSpacing: '0.06em', color: 'var(--ink-soft)', minWidth: 110 },
  label: { display: 'inline-flex', alignItems: 'center', gap: 6, fontSize: 13 },
  wide: { flex: 1, minWidth: 200 },
  number: { width: 110 },
  problem: { color: 'var(--danger)', fontSize: 12 },
  pass: { background: 'var(--accent-soft)', color: 'var(--accent)' },
  fail: { background: 'var(--danger-soft)', color: 'var(--danger)' },
  error: { background: 'var(--warn-soft)', color: '#7a5b00' },
  incomplete: { background: '#eeeeea', color: 'var(--ink-soft)' },
  pre: { margin: 0, padding: '8px 10px', background: '#f4f4f2', borderRadius: 6, font: '12px/1.5 var(--mono)', whiteSpace: 'pre-wrap' },
} satisfies Record<string, CSSProperties>;

/** The body of a check cell: which model it checks, its checks with their last results, and adding
 * and removing checks. The workbench draws the frame and runs the checks. */
export function CheckCellView({ cell, relations, results, running, canEdit, onChange }: CheckCellViewProps) {
  const [adding, setAdding] = useState<CheckKind>('not_null');
  const known = relations.some((r) => r.name === cell.model);
  const resultOf = (id: string) => results?.find((r) => r.checkId === id) ?? null;
  const replace = (check: Check) => onChange({ ...cell, checks: cell.checks.map((c) => (c.id === check.id ? check : c)) });

  return (
    <div style={styles.body}>
      <fieldset disabled={!canEdit} style={styles.fieldset}>
        <div style={styles.line}>
          <label style={styles.label}>
            Model
            <select aria-label="Checked model" value={cell.model} onChange={(e) => onChange({ ...cell, model: e.target.value })}>
              {!known && <option value={cell.model}>{cell.model} (not defined)</option>}
              {relations.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name} ({r.kind})
                </option>
              ))}
            </select>
          </label>
          {running ? (
            <span role="status" className="muted">
              Running checks…
            </span>
          ) : (
            results && cell.checks.length > 0 && <span className="muted">{summaryText(summarizeChecks(results))}</span>
          )}
        </div>

        {cell.checks.length === 0 ? (
          <p className="muted" style={{ margin: 0 }}>
            No checks yet{canEdit ? ': pick a kind below and add one.' : '.'}
          </p>
        ) : (
          <ul style={styles.list} aria-label="Checks">
            {cell.checks.map((check) => (
              <CheckRow
                key={check.id}
                check={check}
                model={cell.model}
                relations={relations}
                result={running ? null : resultOf(check.id)}
                running={running}
                canEdit={canEdit}
                onChange={replace}
                onRemove={() => onChange({ ...cell, checks: cell.checks.filter((c) => c.id !== check.id) })}
              />
            ))}
          </ul>
        )}

        {canEdit && (
          <div style={styles.line}>
            <select aria-label="Check kind" value={adding} onChange={(e) => setAdding(e.target.value as CheckKind)}>
              {CHECK_KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={cell.checks.length >= 100}
              onClick={() => onChange({ ...cell, checks: [...cell.checks, newCheck(adding, newCellId(), cell.model, relations)] })}
            >
              Add check
            </button>
          </div>
        )}
      </fieldset>
    </div>
  );
}

type CheckRowProps = {
  check: Check;
  model: string;
  relations: CheckRelation[];
  result: CheckResult | null;
  running: boolean;
  canEdit: boolean;
  onChange(check: Check): void;
  onRemove(): void;
};

function CheckRow({ check, model, relations, result, running, canEdit, onChange, onRemove }: CheckRowProps) {
  const label = describeCheck(check);
  const columns = checkableColumns(relations.find((r) => r.name === model));
  return (
    <li style={styles.check} aria-label={label}>
      <div style={styles.line}>
        <span style={styles.kind}>{checkKindLabel(check.kind)}</span>
        <CheckControls check={check} columns={columns} relations={relations} onChange={onChange} />
        <select
          aria-label={`Severity of ${label}`}
          title="In a production run a failing check that blocks stops the publish; a warning is only recorded"
          value={severityOf(check)}
          disabled={!canEdit}
          onChange={(e) => {
            const { severity: _, ...rest } = check;
            // The default is left out, so a check written before severities keeps its artifact id.
            onChange(e.target.value === 'warn' ? { ...check, severity: 'warn' } : (rest as Check));
          }}
        >
          <option value="error">blocks publish</option>
          <option value="warn">warns only</option>
        </select>
        <span style={{ flex: 1 }} />
        <ResultBadge result={result} running={running} />
        {canEdit && (
          <button type="button" className="ghost" aria-label={`Remove check ${label}`} onClick={onRemove}>
            Remove
          </button>
        )}
      </div>
      {result && result.status !== 'pass' && result.status !== 'incomplete' && <ResultDetails result={result} />}
    </li>
  );
}

function ColumnSelect({ label, value, columns, onChange }: { label: string; value: string; columns: string[]; onChange(column: string): void }) {
  // The current value stays listed even when the model no longer has it, so the form shows the truth.
  const options = columns.includes(value) ? columns : [value, ...columns];
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {options.map((c) => (
        <option key={c} value={c}>
          {c}
          {columns.includes(c) ? '' : ' (not in the model)'}
        </option>
      ))}
    </select>
  );
}

function CheckControls({ check, columns, relations, onChange }: { check: Check; columns: string[]; relations: CheckRelation[]; onChange(check: Check): void }) {
  switch (check.kind) {
    case 'not_null':
      return <ColumnSelect label="Column" value={check.column} columns={columns} onChange={(column) => onChange({ ...check, column })} />;
    case 'unique':
      return <KeyColumns check={check} columns={columns} onChange={onChange} />;
    case 'accepted_values':
      return (
        <>
          <ColumnSelect label="Column" value={check.column} columns={columns} onChange={(column) => onChange({ ...check, column })} />
          <DraftInput
            label="Accepted values"
            placeholder="placed, shipped, returned"
            value={formatValues(check.values)}
            parse={parseValues}
            format={formatValues}
            onCommit={(values) => onChange({ ...check, values })}
          />
        </>
      );
    case 'relationships': {
      const target = relations.find((r) => r.name === check.to);
      const targetNames = relations.some((r) => r.name === check.to) ? relations.map((r) => r.name) : [check.to, ...relations.map((r) => r.name)];
      return (
        <>
          <ColumnSelect label="Column" value={check.column} columns={columns} onChange={(column) => onChange({ ...check, column })} />
          <span className="muted">references</span>
          <select
            aria-label="Target model"
            value={check.to}
            onChange={(e) => {
              const to = e.target.value;
              onChange({ ...check, to, toColumn: matchingColumn(relations.find((r) => r.name === to), check.toColumn) });
            }}
          >
            {targetNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <ColumnSelect label="Target column" value={check.toColumn} columns={checkableColumns(target)} onChange={(toColumn) => onChange({ ...check, toColumn })} />
        </>
      );
    }
    case 'row_count':
      return <RowCountBounds check={check} onChange={onChange} />;
    case 'expression':
      return (
        <DraftInput
          label="Predicate"
          placeholder="amount >= 0"
          mono
          value={check.predicate}
          parse={parsePredicate}
          format={(p) => p}
          onCommit={(predicate) => onChange({ ...check, predicate })}
        />
      );
    default: {
      const never: never = check;
      return <span>{(never as { kind: string }).kind}</span>;
    }
  }
}

function KeyColumns({ check, columns, onChange }: { check: Extract<Check, { kind: 'unique' }>; columns: string[]; onChange(check: Check): void }) {
  const all = [...check.columns.filter((c) => !columns.includes(c)), ...columns];
  const toggle = (column: string, on: boolean) => {
    const next = on ? all.filter((c) => c === column || check.columns.includes(c)) : check.columns.filter((c) => c !== column);
    if (next.length > 0) onChange({ ...check, columns: next });
  };
  return (
    <span role="group" aria-label="Key columns" style={styles.line}>
      {all.map((column) => {
        const checked = check.columns.includes(column);
        return (
          <label key={column} style={styles.label} className="mono">
            <input
              type="checkbox"
              checked={checked}
              // A unique check needs at least one key column.
              disabled={checked && check.columns.length === 1}
              onChange={(e) => toggle(column, e.target.checked)}
            />
            {column}
          </label>
        );
      })}
    </span>
  );
}

/** Text the analyst is still typing: kept locally, committed to the cell whenever it parses, and
 * replaced when the cell changes from elsewhere. */
function useDraft<D, T>(committed: D, parse: (draft: D) => Parsed<T>, format: (value: T) => D, onCommit: (value: T) => void) {
  const [draft, setDraft] = useState(committed);
  const [seen, setSeen] = useState(committed);
  if (JSON.stringify(committed) !== JSON.stringify(seen)) {
    setSeen(committed);
    setDraft(committed);
  }
  const parsed = parse(draft);
  const update = (next: D) => {
    setDraft(next);
    const result = parse(next);
    if (result.ok) {
      setSeen(format(result.value));
      onCommit(result.value);
    }
  };
  return { draft, update, problem: parsed.ok ? null : parsed.problem };
}

function DraftInput<T>(props: {
  label: string;
  placeholder: string;
  value: string;
  mono?: boolean;
  parse(text: string): Parsed<T>;
  format(value: T): string;
  onCommit(value: T): void;
}) {
  const { draft, update, problem } = useDraft(props.value, props.parse, props.format, props.onCommit);
  return (
    <>
      <input
        aria-label={props.label}
        placeholder={props.placeholder}
        className={props.mono ? 'mono' : undefined}
        style={styles.wide}
        value={draft}
        aria-invalid={problem !== null}
        onChange={(e) => update(e.target.value)}
      />
      {problem && <Problem text={problem} />}
    </>
  );
}

function RowCountBounds({ check, onChange }: { check: Extract<Check, { kind: 'row_count' }>; onChange(check: Check): void }) {
  const text = (n: number | null) => (n === null ? '' : String(n));
  const { draft, update, problem } = useDraft(
    { min: text(check.min), max: text(check.max) },
    (d) => parseBounds(d.min, d.max),
    (b) => ({ min: text(b.min), max: text(b.max) }),
    (b) => onChange({ ...check, ...b }),
  );
  return (
    <>
      <label style={styles.label}>
        at least
        <input type="number" min={0} step={1} aria-label="Minimum rows" style={styles.number} value={draft.min} onChange={(e) => update({ ...draft, min: e.target.value })} />
      </label>
      <label style={styles.label}>
        at most
        <input type="number" min={0} step={1} aria-label="Maximum rows" style={styles.number} value={draft.max} onChange={(e) => update({ ...draft, max: e.target.value })} />
      </label>
      {problem && <Problem text={problem} />}
    </>
  );
}

function Problem({ text }: { text: string }) {
  return (
    <span style={styles.problem}>
      {text}
    </span>
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "fail (3 rows)": a row_count check's failing number is not rows, so it says only "fail". */
function badgeText(result: CheckResult): string {
  if (result.status !== 'fail') return result.status;
  return result.kind === 'row_count' ? 'fail' : `fail (${plural(result.failing, 'row')})`;
}

function ResultBadge({ result, running }: { result: CheckResult | null; running: boolean }) {
  if (running) return <span className="badge">running…</span>;
  if (!result) return <span className="badge">not run</span>;
  return (
    <span className="badge" style={styles[result.status]} title={result.status === 'error' || result.status === 'incomplete' ? (result.message ?? undefined) : undefined}>
      {badgeText(result)}
    </span>
  );
}

function ResultDetails({ result }: { result: CheckResult }) {
  if (result.status === 'error') {
    return (
      <details open>
        <summary>Error</summary>
        <pre className="cell-error" style={{ borderTop: 'none', borderRadius: 6 }}>
          {result.message}
        </pre>
        <SqlDetails sql={result.sql} />
      </details>
    );
  }
  if (result.kind === 'row_count') {
    const actual = result.sample.rows[0]?.[0] ?? '?';
    return (
      <p style={{ margin: 0 }} className="muted">
        The model has {actual} rows.
      </p>
    );
  }
  const shown = result.sample.rows.length;
  const what = result.kind === 'unique' ? 'Duplicated keys' : 'Failing rows';
  return (
    <details>
      <summary>
        {what}
        {result.failing > shown && result.kind !== 'unique' ? ` (first ${shown} of ${formatCount(result.failing)})` : ''}
      </summary>
      <SampleGrid label={`${what} of ${result.label}`} sample={result.sample} />
      {result.kind === 'unique' && shown >= SAMPLE_LIMIT && <p className="muted">Showing the first {SAMPLE_LIMIT} keys.</p>}
      <SqlDetails sql={result.sql} />
    </details>
  );
}

function SqlDetails({ sql }: { sql: string }) {
  if (sql === '') return null;
  return (
    <details>
      <summary className="muted">SQL</summary>
      <pre style={styles.pre}>{sql}</pre>
    </details>
  );
}

function SampleGrid({ label, sample }: { label: string; sample: CheckResult['sample'] }) {
  return (
    <div className="grid-wrap">
      <table className="grid" aria-label={label}>
        <thead>
          <tr>
            {sample.columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sample.rows.map((row, r) => (
            <tr key={r}>
              {row.map((value, i) => (
                <td key={i}>{value === null ? <span className="null">NULL</span> : value}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function summaryText(summary: CheckSummary): string {
  const parts = [
    summary.passed > 0 ? `${summary.passed} pass` : null,
    summary.failed > 0 ? `${summary.failed} fail` : null,
    summary.errored > 0 ? `${summary.errored} error` : null,
    summary.incomplete > 0 ? `${summary.incomplete} incomplete` : null,
  ].filter((p) => p !== null);
  return `${plural(summary.total, 'check')}: ${parts.join(', ') || 'none run'}`;
}

function tone(summary: CheckSummary): CSSProperties {
  if (summary.failed > 0) return styles.fail;
  if (summary.errored > 0) return styles.error;
  if (summary.incomplete > 0) return styles.incomplete;
  return styles.pass;
}

function Tally({ summary, label }: { summary: CheckSummary; label?: string }) {
  return (
    <span className="badge" style={tone(summary)} aria-label={label} role={label ? 'status' : undefined}>
      {summaryText(summary)}
    </span>
  );
}

/** "2 checks: 1 pass, 1 fail", for the header of the SQL cell that defines the checked model. */
export function CheckBadge({ model, summary }: { model: string; summary: CheckSummary }) {
  if (summary.total === 0) return null;
  return <Tally summary={summary} label={`Checks on ${model}`} />;
}

/** Every check result of the notebook, by model, with the checks that did not pass named. */
export function ChecksSummary({ byModel }: { byModel: Record<string, CheckResult[]> }) {
  const models = Object.keys(byModel).sort();
  const all = models.flatMap((m) => byModel[m] ?? []);
  const total = summarizeChecks(all);
  let body: ReactNode;
  if (total.total === 0) {
    body = <p className="muted" style={{ margin: 0 }}>No checks have run.</p>;
  } else {
    body = (
      <ul style={styles.list}>
        {models.map((model) => {
          const results = byModel[model] ?? [];
          const broken = results.filter((r) => r.status !== 'pass');
          return (
            <li key={model} style={{ display: 'grid', gap: 4 }}>
              <div style={styles.line}>
                <code>{model}</code>
                {results.length > 0 && <Tally summary={summarizeChecks(results)} />}
              </div>
              {broken.length > 0 && (
                <ul style={{ margin: 0, paddingLeft: 18, fontSize: 13 }}>
                  {broken.map((r) => (
                    <li key={r.checkId}>
                      {r.label}: {badgeText(r)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    );
  }
  return (
    <section aria-label="Checks summary" className="card" style={{ padding: '10px 14px', display: 'grid', gap: 8 }}>
      <div style={styles.line}>
        <h2 style={{ fontSize: 14 }}>Checks</h2>
        {total.total > 0 && <Tally summary={total} />}
      </div>
      {body}
    </section>
  );
}
