'use client';

import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useEffect, useState, type ReactNode } from 'react';
import type { CellRunState, NotebookRunner } from '@/lib/notebook/runner';
import type { CheckResult } from '@/lib/quality/checks';
import { useCellRun, useCellRunValue } from './useRunner';

type Props = {
  cellId: string;
  /** What the cell is called in buttons and regions: "SQL cell orders_clean", "Check cell on …". */
  label: string;
  kind: string;
  title: ReactNode;
  runner: NotebookRunner<CheckResult>;
  collapsed: boolean;
  selected: boolean;
  canEdit: boolean;
  badges?: ReactNode;
  onSelect(): void;
  onRun?(): void;
  onCancel(): void;
  onToggleCollapse(): void;
  onMove(delta: -1 | 1): void;
  onDuplicate(): void;
  onDelete(): void;
  children: ReactNode;
};

const PROGRESS_AFTER_MS = 300;

/** Elapsed time of a running cell, ticking; null during its first 300 ms (no flicker for fast cells). */
function useRunningFor(startedAt: number | null): number | null {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, [startedAt]);
  if (startedAt === null) return null;
  const elapsed = now - startedAt;
  return elapsed >= PROGRESS_AFTER_MS ? elapsed : null;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function RunStatus({ run }: { run: CellRunState | null }) {
  const runningFor = useRunningFor(run?.phase === 'running' ? run.startedAt : null);
  if (run === null) return null;
  if (run.phase === 'running') {
    return runningFor === null ? null : (
      <span className="run-progress" role="progressbar" aria-label="Running" aria-valuetext={`running for ${formatMs(runningFor)}`}>
        <span className="run-progress-bar" />
        Running… {formatMs(runningFor)}
      </span>
    );
  }
  if (run.phase === 'queued') return <span className="muted">Queued</span>;
  if (run.stale) return <span className="stale-badge">Stale</span>;
  return null;
}

type RunControlsProps = Pick<Props, 'runner' | 'cellId' | 'label' | 'onRun' | 'onCancel'>;

/** The cell's status and its Run or Cancel button: the part of the bar that follows every change of
 * the run (queued, running, done), so those changes render it and not the whole cell. */
function RunControls({ runner, cellId, label, onRun, onCancel }: RunControlsProps) {
  const run = useCellRun(runner, cellId);
  const running = run?.phase === 'running' || run?.phase === 'queued';
  return (
    <>
      <RunStatus run={run} />
      <span className="spacer" />
      {running && (
        <button className="ghost" onClick={onCancel} aria-label={`Cancel ${label}`}>
          Cancel
        </button>
      )}
      {onRun && !running && (
        <button className="ghost" onClick={onRun} aria-label={`Run ${label}`}>
          Run
        </button>
      )}
    </>
  );
}

/** The chrome every cell shares: drag handle, title, status, and the cell's actions. */
export function CellFrame(props: Props) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: props.cellId, disabled: !props.canEdit });
  const stale = useCellRunValue(props.runner, props.cellId, (run) => run?.stale ?? false);
  return (
    <section
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.6 : undefined }}
      className={`cell${props.selected ? ' selected' : ''}${stale ? ' stale' : ''}`}
      aria-label={props.label}
      data-cell-id={props.cellId}
      tabIndex={-1}
      onFocus={props.onSelect}
      onMouseDown={props.onSelect}
    >
      <div className="cell-bar">
        {props.canEdit && (
          <button className="ghost drag" aria-label={`Drag ${props.label}`} {...attributes} {...listeners}>
            ⠿
          </button>
        )}
        <button
          className="ghost"
          aria-label={props.collapsed ? `Expand ${props.label}` : `Collapse ${props.label}`}
          aria-expanded={!props.collapsed}
          onClick={props.onToggleCollapse}
        >
          {props.collapsed ? '▸' : '▾'}
        </button>
        <span className="kind">{props.kind}</span>
        {props.title}
        {props.badges}
        <RunControls runner={props.runner} cellId={props.cellId} label={props.label} onRun={props.onRun} onCancel={props.onCancel} />
        {props.canEdit && (
          <>
            <button className="ghost" onClick={() => props.onMove(-1)} aria-label={`Move ${props.label} up`} title="Move up (Alt+↑)">
              ↑
            </button>
            <button className="ghost" onClick={() => props.onMove(1)} aria-label={`Move ${props.label} down`} title="Move down (Alt+↓)">
              ↓
            </button>
            <button className="ghost" onClick={props.onDuplicate} aria-label={`Duplicate ${props.label}`}>
              Duplicate
            </button>
            <button className="ghost" onClick={props.onDelete} aria-label={`Delete ${props.label}`}>
              Delete
            </button>
          </>
        )}
      </div>
      {!props.collapsed && props.children}
    </section>
  );
}
