'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { findNondeterminism } from '@/lib/artifact/nondeterminism';
import type { Annotations } from '@/lib/artifact/schema';
import { api } from '@/lib/client/api';
import { recordRun } from '@/lib/client/record-run';
import { cellsReducer, newCell, type CellAction } from '@/lib/notebook/cells';
import { newCellId } from '@/lib/notebook/ids';
import type { RunRequest } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import { codeOf } from '@/lib/notebook/staleness';
import type { CheckResult } from '@/lib/quality/checks';
import { defaultSandboxSpec, type SandboxDataset } from '@/lib/synth';
import type { SampleRequest } from '@/lib/samples/manifest';
import type { SandboxSpec } from '@/lib/synth/spec';
import { CellList, type CellActions } from './CellList';
import { ChecksSummary } from './CheckCellView';
import { DraftBanner } from './DraftBanner';
import { RecordDialog } from './RecordDialog';
import { SandboxPanel } from './SandboxPanel';
import { SchemaBrowser, type Relation } from './SchemaBrowser';
import { ShortcutSheet, useShortcutSheet } from './ShortcutSheet';
import { useAutosave, type NotebookContent, type SaveState } from './useAutosave';
import { useDuckdbEditorSupport } from './useDuckdbEditorSupport';
import { useEngine, useNotebookRunner, type EngineState } from './useEngine';
import { useLocalDraft } from './useLocalDraft';
import { useNotebookKeys } from './useNotebookKeys';
import { useRunnerSelector } from './useRunner';
import { useSandbox } from './useSandbox';

type Props = {
  notebook: {
    id: string;
    title: string;
    ownerName: string;
    revision: number;
    cells: Cell[];
    sandbox: SandboxSpec | null;
    forkedFrom: string | null;
    /** The experiment this notebook was forked from. */
    parent: { id: string; title: string } | null;
  };
  datasets: SandboxDataset[];
  canEdit: boolean;
  /** Analysts record experiments; `user` is the author an artifact names. */
  canRecord: boolean;
  user: { id: string; name: string };
};

type Request = { id: string; request: number };
const bump = <T extends object>(id: string, previous: (Request & T) | null, extra: T) => ({ id, request: (previous?.request ?? 0) + 1, ...extra });

export function NotebookWorkbench({ notebook, datasets, canEdit, canRecord, user }: Props) {
  const router = useRouter();
  const [recording, setRecording] = useState(false);
  const [content, setContent] = useState<NotebookContent>({ cells: notebook.cells, sandbox: notebook.sandbox });
  const { cells, sandbox } = content;
  const dispatch = useCallback((action: CellAction) => setContent((c) => ({ ...c, cells: cellsReducer(c.cells, action) })), []);
  const [reactive, setReactive] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);
  const [focus, setFocus] = useState<Request | null>(null);
  const [insert, setInsert] = useState<(Request & { text: string }) | null>(null);
  const [formatRequest, setFormatRequest] = useState<Request | null>(null);
  // Bumped when cells are replaced from outside (their version, a restored draft): editors remount.
  const [epoch, setEpoch] = useState(0);
  const lastEditor = useRef<string | null>(null);
  const sheet = useShortcutSheet();

  const engineState = useEngine();
  const engine = engineState.status === 'ready' ? engineState.engine : null;
  const runner = useNotebookRunner();
  // Each run analyses the notebook into a new graph; the cells get only its messages, the same object
  // while they read the same, so a run does not render the cell list (and every cell's drag handle) again.
  const graphErrors = useRunnerSelector(runner, (snapshot) => {
    const errors: Record<string, string> = {};
    for (const [id, node] of snapshot.graph?.nodes ?? []) {
      const message = node.error ?? node.warning;
      if (message) errors[id] = message;
    }
    return errors;
  });
  const busy = useSyncExternalStore(runner.subscribe, runner.isBusy, runner.isBusy);

  const { state: save, keepMine, takeTheirs } = useAutosave(notebook.id, notebook.revision, content, canEdit);
  const replaceContent = (next: NotebookContent) => {
    setContent(next);
    setEpoch((e) => e + 1);
  };
  const draft = useLocalDraft(notebook.id, { revision: notebook.revision, ...content }, save.kind === 'saved', canEdit);

  const latest = useRef({ cells, reactive });
  latest.current = { cells, reactive };
  const sourceNames = useRef<ReadonlySet<string>>(new Set());

  const reportRun = useRef(0);
  const runCells = useCallback(
    async (request: RunRequest, cellsNow: Cell[] = latest.current.cells) => {
      await runner.run(cellsNow, sourceNames.current, request);
      const states = Object.values(runner.getSnapshot().cells);
      // The list page shows when a notebook last ran; one report per half minute is plenty.
      if (Date.now() - reportRun.current > 30_000) {
        reportRun.current = Date.now();
        void api(`/api/notebooks/${notebook.id}/runs`, {
          method: 'POST',
          body: { cells: states.length, failed: states.filter((s) => s.phase === 'error').length },
        }).catch(() => undefined);
      }
    },
    [runner, notebook.id],
  );
  const sandboxData = useSandbox({ engine, datasets, saved: sandbox, runner, latest, sourceNames, run: runCells });
  const { sources, whenBuilt } = sandboxData;
  useDuckdbEditorSupport(engineState, sandboxData.whenOpened);
  const runWhenSandboxBuilt = useCallback(
    async (request: RunRequest, cellsNow?: Cell[]) => {
      await whenBuilt();
      await runCells(request, cellsNow);
    },
    [whenBuilt, runCells],
  );
  const onGenerate = (spec: SandboxSpec) => {
    setContent((c) => ({ ...c, sandbox: spec }));
    if (engine) void sandboxData.generate(spec, engine);
  };
  const onSample = async (request: SampleRequest) => {
    const spec = await sandboxData.sample(request);
    if (spec) onGenerate(spec);
  };

  // Edits re-analyse the notebook once typing pauses; the runner judges staleness from the new code.
  const codeKey = JSON.stringify(cells.map((c) => [c.id, codeOf(c)]));
  const previousKey = useRef(codeKey);
  useEffect(() => {
    if (engine === null || codeKey === previousKey.current) return;
    previousKey.current = codeKey;
    const timer = setTimeout(() => void runner.analyze(latest.current.cells, sourceNames.current), 250);
    return () => clearTimeout(timer);
  }, [codeKey, engine, runner]);

  // Derived from every cell's state, kept as the same object while unchanged: the schema browser's
  // models and the check results by model.
  const models = useRunnerSelector(runner, (snapshot) =>
    latest.current.cells.flatMap((c): Relation[] => {
      const result = c.kind === 'sql' ? snapshot.cells[c.id]?.result : null;
      return c.kind === 'sql' && result ? [{ name: c.name, kind: 'model', columns: result.columns }] : [];
    }),
  );
  const checksByModel = useRunnerSelector(runner, (snapshot) => {
    const byModel: Record<string, CheckResult[]> = {};
    for (const c of latest.current.cells) {
      const results = c.kind === 'check' ? snapshot.cells[c.id]?.checks : null;
      if (c.kind === 'check' && results) byModel[c.model] = [...(byModel[c.model] ?? []), ...results];
    }
    return byModel;
  });
  const relations = useMemo(() => [...sources, ...models], [sources, models]);
  const relationsKey = JSON.stringify(relations);
  useEffect(() => {
    void import('@/lib/client/monaco-duckdb').then((m) => m.setCompletionSchema(JSON.parse(relationsKey) as Relation[]));
  }, [relationsKey]);

  const addCell = (kind: Cell['kind'], at?: { id: string; where: 'above' | 'below' }) => {
    const cell = newCell(kind, newCellId(), cells, models);
    dispatch({ type: 'add', cell, at });
    setSelected(cell.id);
    setFocus((f) => bump(cell.id, f, {}));
  };
  const runCell = (cell: Cell, source?: string) => {
    let next = latest.current.cells;
    if (cell.kind === 'sql' && source !== undefined) {
      next = cellsReducer(next, { type: 'edit', id: cell.id, patch: { source } });
      setContent((c) => ({ ...c, cells: next }));
    }
    void runWhenSandboxBuilt({ targets: [cell.id], downstream: latest.current.reactive }, next);
  };
  const advanceFrom = (id: string) => {
    const index = cells.findIndex((c) => c.id === id);
    const next = cells[index + 1];
    if (next) {
      setSelected(next.id);
      setFocus((f) => bump(next.id, f, {}));
    } else if (canEdit) {
      addCell('sql', { id, where: 'below' });
    }
  };

  // Cells call these through one stable object; each call reaches the newest closure.
  const impl = {
    select: (id: string) => setSelected(id),
    editorFocused: (id: string) => {
      lastEditor.current = id;
      setSelected(id);
    },
    edit: (id: string, patch: { source: string } | { name: string }) => dispatch({ type: 'edit', id, patch }),
    replace: (cell: Cell) => {
      dispatch({ type: 'replace', cell });
      // A check or chart changed its definition: run it (and what reads it) right away.
      if (cell.kind === 'check' || cell.kind === 'chart') {
        void runWhenSandboxBuilt({ targets: [cell.id], downstream: false }, cellsReducer(latest.current.cells, { type: 'replace', cell }));
      }
    },
    run: runCell,
    runAndAdvance: (cell: Cell, source: string) => {
      runCell(cell, source);
      advanceFrom(cell.id);
    },
    runAndInsert: (cell: Cell, source: string) => {
      runCell(cell, source);
      if (canEdit) addCell('sql', { id: cell.id, where: 'below' });
    },
    format: (id: string) => setFormatRequest((f) => bump(id, f, {})),
    cancel: () => void runner.cancel(),
    toggleCollapse: (id: string) => dispatch({ type: 'toggle-collapse', id }),
    move: (id: string, delta: -1 | 1) => dispatch({ type: 'move', id, delta }),
    duplicate: (id: string) => dispatch({ type: 'duplicate', id, newId: newCellId() }),
    remove: (id: string) => dispatch({ type: 'delete', id }),
    drop: (id: string, onto: string) => dispatch({ type: 'drop', id, onto }),
  } satisfies CellActions;
  const current = useRef(impl);
  current.current = impl;
  const actions = useMemo(
    () => Object.fromEntries(Object.keys(impl).map((name) => [name, (...args: unknown[]) => (current.current[name as keyof CellActions] as (...a: unknown[]) => void)(...args)])) as CellActions,
    [], // eslint-disable-line react-hooks/exhaustive-deps
  );

  const onKeyDown = useNotebookKeys({
    cells,
    selected,
    canEdit,
    select: setSelected,
    edit: (id) => setFocus((f) => bump(id, f, {})),
    move: impl.move,
    add: (at) => addCell('sql', at),
    remove: impl.remove,
  });

  const insertText = (text: string) => {
    const target = lastEditor.current ?? selected;
    if (target) setInsert((i) => bump(target, i, { text }));
  };

  const recordBlocked =
    engine === null
      ? 'DuckDB is still starting.'
      : sandbox === null || sandboxData.state.kind !== 'ready'
        ? 'Generate the sandbox first: an experiment records the input it ran on.'
        : save.kind !== 'saved'
          ? 'Wait until your edits are saved: an experiment records a saved revision.'
          : null;
  const onRecord = async (annotations: Annotations) => {
    if (engine === null || sandbox === null || save.kind !== 'saved') throw new Error(recordBlocked ?? 'cannot record now');
    const { id } = await recordRun({
      engine,
      runner,
      notebook: { id: notebook.id, revision: save.revision, cells: latest.current.cells, forkedFrom: notebook.forkedFrom },
      // A sample holds the datasets that had production data: the artifact records those.
      sandbox: { spec: sandbox, datasets: sandbox.kind === 'sample' ? datasets.filter((d) => sourceNames.current.has(d.name)) : datasets, sources: sourceNames.current },
      author: user,
      annotations,
    });
    router.push(`/experiments/${id}`);
  };
  // The order a replay runs the cells in: the one the scan for unseeded random calls must follow.
  const inRunOrder = () => {
    const graph = runner.currentGraph();
    return graph ? graph.order.flatMap((id) => cells.filter((c) => c.id === id)) : cells;
  };

  return (
    <>
      <div className="notebook-head">
        <div>
          <h1>{notebook.title}</h1>
          <span className="muted">
            by {notebook.ownerName}
            {notebook.parent && (
              <>
                {' · forked from experiment '}
                <Link href={`/experiments/${notebook.parent.id}`}>{notebook.parent.title}</Link>
              </>
            )}
          </span>
        </div>
        <div className="status">
          <EngineBadge engine={engineState} />
          <SaveBadge save={save} canEdit={canEdit} />
        </div>
      </div>
      {draft.offer && (
        <DraftBanner
          draft={draft.offer}
          serverRevision={save.revision}
          onRestore={() => {
            const restored = draft.restore();
            if (restored) replaceContent({ cells: restored.cells, sandbox: restored.sandbox });
          }}
          onDiscard={draft.discard}
        />
      )}
      {save.kind === 'conflict' && (
        <div className="banner conflict" role="alert">
          <span>
            This notebook was saved elsewhere (revision {save.theirRevision}) while you were editing. Your version is still here, unsaved.
          </span>
          <button onClick={keepMine}>Keep my version</button>
          <button
            onClick={() => {
              const theirs = takeTheirs();
              if (theirs) replaceContent(theirs);
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
      <div className="toolbar" role="toolbar" aria-label="Notebook">
        <button onClick={() => void runWhenSandboxBuilt({ targets: 'all', downstream: true })} disabled={engine === null}>
          Run all
        </button>
        <button className="ghost" onClick={() => void runner.cancel()} disabled={!busy}>
          Cancel run
        </button>
        <label style={{ display: 'inline-flex', gap: 6, alignItems: 'center', fontSize: 13 }}>
          <input type="checkbox" checked={reactive} onChange={(e) => setReactive(e.target.checked)} aria-label="Reactive mode" />
          Reactive: re-run dependents automatically
        </label>
        <span className="spacer" style={{ flex: 1 }} />
        {canRecord && (
          <button onClick={() => setRecording(true)} disabled={engine === null}>
            Record experiment
          </button>
        )}
        <button className="ghost" onClick={() => sheet.setOpen(true)} aria-label="Keyboard shortcuts">
          ? Shortcuts
        </button>
      </div>
      {Object.keys(checksByModel).length > 0 && <ChecksSummary byModel={checksByModel} />}
      <div className="workbench">
        <div className="cells" onKeyDown={onKeyDown}>
          <CellList
            cells={cells}
            runner={runner}
            engine={engine}
            graphErrors={graphErrors}
            canEdit={canEdit}
            selected={selected}
            epoch={epoch}
            focus={focus}
            insert={insert}
            formatRequest={formatRequest}
            checksByModel={checksByModel}
            relations={relations}
            actions={actions}
          />
          {canEdit && (
            <div className="add-cell" style={{ marginTop: 4, display: 'flex', gap: 8 }}>
              <button onClick={() => addCell('sql')}>+ SQL cell</button>
              <button onClick={() => addCell('markdown')}>+ Markdown cell</button>
              <button onClick={() => addCell('check')}>+ Check cell</button>
              <button onClick={() => addCell('chart')}>+ Chart cell</button>
            </div>
          )}
        </div>
        <aside>
          <SandboxPanel
            datasets={datasets}
            spec={sandbox ?? defaultSandboxSpec(datasets)}
            state={sandboxData.state}
            canGenerate={engine !== null}
            canSample={engine !== null && canRecord}
            onGenerate={onGenerate}
            onSample={(request) => void onSample(request)}
          />
          <SchemaBrowser relations={relations} onInsert={insertText} />
        </aside>
      </div>
      <ShortcutSheet open={sheet.open} onClose={() => sheet.setOpen(false)} />
      <RecordDialog
        open={recording}
        findings={recording ? findNondeterminism(inRunOrder()) : []}
        blocked={recordBlocked}
        onRecord={onRecord}
        onClose={() => setRecording(false)}
      />
    </>
  );
}

function EngineBadge({ engine }: { engine: EngineState }) {
  if (engine.status === 'starting') return <span>Starting DuckDB…</span>;
  if (engine.status === 'failed') return <span role="alert">DuckDB failed to start: {engine.message}</span>;
  return <span title="Runs in your browser">DuckDB {engine.version} · in browser</span>;
}

function SaveBadge({ save, canEdit }: { save: SaveState; canEdit: boolean }) {
  if (!canEdit) {
    // Runs and generated data stay in this browser tab; only saving would change the notebook.
    return <span title="Runs and generated data stay in your browser; nothing is saved">Read only: you can run, not save · revision {save.revision}</span>;
  }
  const text = {
    saved: `Saved · revision ${save.revision}`,
    dirty: 'Unsaved changes',
    saving: 'Saving…',
    conflict: 'Not saved: conflict',
    failed: 'Not saved',
  }[save.kind];
  return <span aria-live="polite">{text}</span>;
}
