'use client';

import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useEffect, useState, type ReactNode } from 'react';
import type { CellRunState } from '@/lib/notebook/runner';

type Props = {
  cellId: string;
  /** What the cell is called in buttons and regions: "SQL cell orders_clean", "Check cell on …". */
  label: string;
  kind: string;
  title: ReactNode;
  run: CellRunState | null;
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

/** The chrome every cell shares: drag handle, title, status, and the cell's actions. */
export function CellFrame(props: Props) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: props.cellId, disabled: !props.canEdit });
  const running = props.run?.phase === 'running' || props.run?.phase === 'queued';
  return (
    <section
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.6 : undefined }}
      className={`cell${props.selected ? ' selected' : ''}${props.run?.stale ? ' stale' : ''}`}
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
        <RunStatus run={props.run} />
        <span className="spacer" />
        {running && (
          <button className="ghost" onClick={props.onCancel} aria-label={`Cancel ${props.label}`}>
            Cancel
          </button>
        )}
        {props.onRun && !running && (
          <button className="ghost" onClick={props.onRun} aria-label={`Run ${props.label}`}>
            Run
          </button>
        )}
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
