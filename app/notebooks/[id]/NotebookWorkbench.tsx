'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import ReactMarkdown from 'react-markdown';
import { browserEngine } from '@/lib/client/engine';
import { CellError, runSqlCell, type CellResult } from '@/lib/notebook/execute';
import { newCellId } from '@/lib/notebook/ids';
import type { Cell, SqlCell } from '@/lib/notebook/schema';
import { ResultGrid } from './ResultGrid';
import { SqlEditor } from './SqlEditor';
import { useAutosave, type SaveState } from './useAutosave';

type RunState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: CellResult }
  | { status: 'error'; message: string; line: number | null };

type EngineState = { status: 'starting' } | { status: 'ready'; version: string } | { status: 'failed'; message: string };

type Props = {
  notebook: { id: string; title: string; ownerName: string; revision: number; cells: Cell[] };
  canEdit: boolean;
};

function nextModelName(cells: Cell[]): string {
  const taken = new Set(cells.flatMap((c) => (c.kind === 'sql' ? [c.name] : [])));
  let n = cells.length + 1;
  while (taken.has(`model_${n}`)) n += 1;
  return `model_${n}`;
}

export function NotebookWorkbench({ notebook, canEdit }: Props) {
  const [cells, setCells] = useState<Cell[]>(notebook.cells);
  const [runs, setRuns] = useState<Record<string, RunState>>({});
  const [engine, setEngine] = useState<EngineState>({ status: 'starting' });
  const [focusCell, setFocus] = useState<{ id: string; request: number } | null>(null);
  const setFocusCell = (id: string) => setFocus((f) => ({ id, request: (f?.request ?? 0) + 1 }));
  // Bumped when cells are replaced from outside (their version after a conflict): editors remount.
  const [epoch, setEpoch] = useState(0);
  const runVersion = useRef<Record<string, number>>({});
  const { state: save, keepMine, takeTheirs } = useAutosave(notebook.id, notebook.revision, cells, canEdit);

  useEffect(() => {
    browserEngine()
      .then(async (e) => {
        const { rows } = await e.query('SELECT version()');
        setEngine({ status: 'ready', version: String(rows[0]?.[0] ?? '') });
      })
      .catch((error: unknown) => setEngine({ status: 'failed', message: error instanceof Error ? error.message : String(error) }));
  }, []);

  const runCell = useCallback(async (cell: SqlCell) => {
    const version = (runVersion.current[cell.id] ?? 0) + 1;
    runVersion.current[cell.id] = version;
    setRuns((r) => ({ ...r, [cell.id]: { status: 'running' } }));
    let next: RunState;
    try {
      next = { status: 'done', result: await runSqlCell(await browserEngine(), cell) };
    } catch (error) {
      next =
        error instanceof CellError
          ? { status: 'error', message: error.message, line: error.line }
          : { status: 'error', message: error instanceof Error ? error.message : String(error), line: null };
    }
    // A result from an older run of the same cell is dropped.
    if (runVersion.current[cell.id] === version) setRuns((r) => ({ ...r, [cell.id]: next }));
  }, []);

  const update = (id: string, patch: Partial<Cell>) =>
    setCells((cs) => cs.map((c) => (c.id === id ? ({ ...c, ...patch } as Cell) : c)));

  const addCell = (kind: Cell['kind'], after?: string) => {
    const cell: Cell =
      kind === 'sql' ? { id: newCellId(), kind: 'sql', name: nextModelName(cells), source: '' } : { id: newCellId(), kind: 'markdown', source: '' };
    setCells((cs) => {
      const at = after ? cs.findIndex((c) => c.id === after) + 1 : cs.length;
      return [...cs.slice(0, at), cell, ...cs.slice(at)];
    });
    setFocusCell(cell.id);
  };

  const runAndAdvance = (cell: SqlCell) => {
    void runCell(cell);
    const index = cells.findIndex((c) => c.id === cell.id);
    const next = cells[index + 1];
    if (next) setFocusCell(next.id);
    else if (canEdit) addCell('sql', cell.id);
  };

  return (
    <>
      <div className="notebook-head">
        <div>
          <h1>{notebook.title}</h1>
          <span className="muted">by {notebook.ownerName}</span>
        </div>
        <div className="status">
          <EngineBadge engine={engine} />
          <SaveBadge save={save} canEdit={canEdit} />
        </div>
      </div>
      {save.kind === 'conflict' && (
        <div className="banner conflict" role="alert">
          <span>
            This notebook was saved elsewhere (revision {save.theirRevision}) while you were editing. Your version is still here, unsaved.
          </span>
          <button onClick={keepMine}>Keep my version</button>
          <button
            onClick={() => {
              const theirs = takeTheirs();
              if (theirs) {
                setCells(theirs);
                setEpoch((e) => e + 1);
              }
            }}
          >
            Load their version
          </button>
        </div>
      )}
      {save.kind === 'failed' && (
        <div className="banner error" role="alert">
          Saving failed: {save.message}. Your edits are kept in this tab.
        </div>
      )}
      <div className="cells">
        {cells.map((cell) =>
          cell.kind === 'sql' ? (
            <SqlCellView
              key={`${cell.id}:${epoch}`}
              cell={cell}
              run={runs[cell.id] ?? { status: 'idle' }}
              canEdit={canEdit}
              engineReady={engine.status === 'ready'}
              focusRequest={focusCell?.id === cell.id ? focusCell.request : 0}
              onChange={(patch) => update(cell.id, patch)}
              onRun={(source) => void runCell(source === undefined ? cell : { ...cell, source })}
              onRunAndAdvance={(source) => runAndAdvance(source === undefined ? cell : { ...cell, source })}
              onDelete={() => setCells((cs) => cs.filter((c) => c.id !== cell.id))}
            />
          ) : cell.kind !== 'markdown' ? null : (
            <MarkdownCellView
              key={`${cell.id}:${epoch}`}
              source={cell.source}
              canEdit={canEdit}
              focusRequest={focusCell?.id === cell.id ? focusCell.request : 0}
              onChange={(source) => update(cell.id, { source })}
              onDelete={() => setCells((cs) => cs.filter((c) => c.id !== cell.id))}
            />
          ),
        )}
      </div>
      {canEdit && (
        <div className="add-cell" style={{ marginTop: 16 }}>
          <button onClick={() => addCell('sql')}>+ SQL cell</button>
          <button onClick={() => addCell('markdown')}>+ Markdown cell</button>
        </div>
      )}
    </>
  );
}

function EngineBadge({ engine }: { engine: EngineState }) {
  if (engine.status === 'starting') return <span>Starting DuckDB…</span>;
  if (engine.status === 'failed') return <span role="alert">DuckDB failed to start: {engine.message}</span>;
  return <span title="Runs in your browser">DuckDB {engine.version} · in browser</span>;
}

function SaveBadge({ save, canEdit }: { save: SaveState; canEdit: boolean }) {
  if (!canEdit) return <span>Read only · revision {save.revision}</span>;
  const text = {
    saved: `Saved · revision ${save.revision}`,
    dirty: 'Unsaved changes',
    saving: 'Saving…',
    conflict: 'Not saved: conflict',
    failed: 'Not saved',
  }[save.kind];
  return <span aria-live="polite">{text}</span>;
}

type SqlCellProps = {
  cell: SqlCell;
  run: RunState;
  canEdit: boolean;
  engineReady: boolean;
  focusRequest: number;
  onChange(patch: Partial<SqlCell>): void;
  onRun(source?: string): void;
  onRunAndAdvance(source?: string): void;
  onDelete(): void;
};

function SqlCellView({ cell, run, canEdit, engineReady, focusRequest, onChange, onRun, onRunAndAdvance, onDelete }: SqlCellProps) {
  return (
    <section className="cell" aria-label={`SQL cell ${cell.name}`}>
      <div className="cell-bar">
        <span className="kind">SQL</span>
        <input
          aria-label="Model name"
          value={cell.name}
          readOnly={!canEdit}
          onChange={(e) => onChange({ name: e.target.value.toLowerCase().replace(/[^a-z0-9_]/g, '_') })}
        />
        <span className="spacer" />
        <button className="ghost" onClick={() => onRun()} disabled={!engineReady || run.status === 'running'} aria-label={`Run cell ${cell.name}`}>
          {run.status === 'running' ? 'Running…' : 'Run'}
        </button>
        {canEdit && (
          <button className="ghost" onClick={onDelete} aria-label={`Delete cell ${cell.name}`}>
            Delete
          </button>
        )}
      </div>
      <SqlEditor
        value={cell.source}
        language="sql"
        ariaLabel={`SQL for model ${cell.name}`}
        readOnly={!canEdit}
        focusRequest={focusRequest}
        errorLine={run.status === 'error' ? run.line : null}
        errorMessage={run.status === 'error' ? run.message : null}
        onChange={(source) => onChange({ source })}
        onRun={onRun}
        onRunAndAdvance={onRunAndAdvance}
      />
      {run.status === 'error' && (
        <pre className="cell-error" role="alert" aria-label={`Error in ${cell.name}`}>
          {run.message}
        </pre>
      )}
      {run.status === 'done' && (
        <>
          <ResultGrid result={run.result} label={`Result of ${cell.name}`} />
          <div className="cell-foot">
            <span>
              {run.result.rowCount.toLocaleString('en-US')} {run.result.rowCount === 1 ? 'row' : 'rows'}
              {run.result.rows.length < run.result.rowCount ? ` (first ${run.result.rows.length.toLocaleString('en-US')} shown)` : ''}
            </span>
            <span aria-label="Elapsed time">{formatMs(run.result.elapsedMs)}</span>
          </div>
        </>
      )}
    </section>
  );
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

type MarkdownProps = { source: string; canEdit: boolean; focusRequest: number; onChange(source: string): void; onDelete(): void };

function MarkdownCellView({ source, canEdit, focusRequest, onChange, onDelete }: MarkdownProps) {
  const [editing, setEditing] = useState(focusRequest > 0 && canEdit);
  return (
    <section className="cell" aria-label="Markdown cell">
      {editing ? (
        <>
          <div className="cell-bar">
            <span className="kind">Markdown</span>
            <span className="spacer" />
            <button className="ghost" onClick={() => setEditing(false)}>
              Done
            </button>
            <button className="ghost" onClick={onDelete} aria-label="Delete markdown cell">
              Delete
            </button>
          </div>
          <SqlEditor
            value={source}
            language="markdown"
            ariaLabel="Markdown text"
            readOnly={false}
            focusRequest={1}
            errorLine={null}
            errorMessage={null}
            onChange={onChange}
            onRunAndAdvance={() => setEditing(false)}
          />
        </>
      ) : (
        <div className="markdown-view" onDoubleClick={() => canEdit && setEditing(true)} title={canEdit ? 'Double-click to edit' : undefined}>
          {source.trim() ? <ReactMarkdown>{source}</ReactMarkdown> : <p className="muted">Empty markdown cell</p>}
        </div>
      )}
    </section>
  );
}
