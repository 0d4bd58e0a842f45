'use client';

import type { Engine } from '@/lib/engine/types';
import type { CellRunState } from '@/lib/notebook/runner';
import type { SqlCell } from '@/lib/notebook/schema';
import { formatMs } from './CellFrame';
import { ResultGrid } from '@/app/_components/ResultGrid';
import { SqlEditor } from './SqlEditor';
import { formatCount } from '@/lib/format/count';

type Props = {
  cell: SqlCell;
  /** DuckDB's error of the last run (failed or cancelled), else null. */
  error: CellRunState['error'];
  result: CellRunState['result'];
  runId: number;
  stale: boolean;
  /** Why the graph cannot run this cell (cycle, unknown name…), shown before any run. */
  graphError: string | null;
  engine: Engine | null;
  canEdit: boolean;
  focusRequest: number;
  insertRequest?: { text: string; request: number };
  formatRequest?: number;
  onFormat(): void;
  onFocus(): void;
  onChange(source: string): void;
  onRun(source: string): void;
  onRunAndAdvance(source: string): void;
  onRunAndInsert(source: string): void;
  onEscape(): void;
};

/** The body of a SQL cell: its editor, then DuckDB's error or the model's rows. */
export function SqlCellView({ cell, error, result, runId, stale, graphError, engine, canEdit, onFormat, ...editor }: Props) {
  return (
    <>
      <SqlEditor
        value={cell.source}
        language="sql"
        ariaLabel={`SQL for model ${cell.name}`}
        readOnly={!canEdit}
        errorLine={error?.line ?? null}
        errorColumn={error?.column ?? null}
        errorMessage={error?.message ?? null}
        {...editor}
      />
      {canEdit && (
        <div style={{ display: 'flex', justifyContent: 'flex-end', padding: '0 8px' }}>
          <button className="ghost" style={{ fontSize: 12 }} onClick={onFormat} aria-label={`Format SQL of ${cell.name}`}>
            Format
          </button>
        </div>
      )}
      {graphError && !error && <p className="graph-error">{graphError}</p>}
      {error && (
        <pre className="cell-error" role="alert" aria-label={`Error in ${cell.name}`}>
          {error.message}
        </pre>
      )}
      {result && engine && !error && (
        <>
          <ResultGrid engine={engine} table={cell.name} columns={result.columns} rowCount={result.rowCount} runId={runId} label={`Result of ${cell.name}`} firstPage={result.rows} />
          <div className="cell-foot">
            <span aria-label="Row count">
              {formatCount(result.rowCount)} {result.rowCount === 1 ? 'row' : 'rows'}
            </span>
            <span aria-label="Elapsed time">{formatMs(result.elapsedMs)}</span>
            {stale && <span>stale: re-run to refresh</span>}
          </div>
        </>
      )}
    </>
  );
}
