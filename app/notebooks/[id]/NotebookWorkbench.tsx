'use client';

import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { findNondeterminism } from '@/lib/artifact/nondeterminism';
import type { Annotations } from '@/lib/artifact/schema';
import { api } from '@/lib/client/api';
import { recordRun } from '@/lib/client/record-run';
import { browserEngine } from '@/lib/client/engine';
import type { Engine } from '@/lib/engine/types';
import { defaultChartSpec } from '@/lib/chart/spec';
import { newCellId } from '@/lib/notebook/ids';
import { upstreamOf } from '@/lib/notebook/graph';
import { NotebookRunner, type CellRunState } from '@/lib/notebook/runner';
import type { Cell, SqlCell } from '@/lib/notebook/schema';
import { runChecks, summarizeChecks, type CheckResult } from '@/lib/quality/checks';
import { defaultSandboxSpec, generateSandbox, type SandboxDataset } from '@/lib/synth';
import type { SandboxSpec } from '@/lib/synth/spec';
import { CellFrame } from './CellFrame';
import { ChartCellView } from './ChartCellView';
import { CheckBadge, CheckCellView, ChecksSummary } from './CheckCellView';
import { MarkdownCellView } from './MarkdownCellView';
import { SandboxPanel, type SandboxState } from './SandboxPanel';
import { SchemaBrowser, type Relation } from './SchemaBrowser';
import { ShortcutSheet, useShortcutSheet } from './ShortcutSheet';
import { SqlCellView } from './SqlCellView';
import { isTyping } from './typing';
import { useAutosave, type NotebookContent, type SaveState } from './useAutosave';
import { useDuckdbEditorSupport } from './useDuckdbEditorSupport';
import { useLocalDraft } from './useLocalDraft';
import { DraftBanner } from './DraftBanner';
import { RecordDialog } from './RecordDialog';

type EngineState = { status: 'starting' } | { status: 'ready'; engine: Engine; version: string } | { status: 'failed'; message: string };

type Props = {
  notebook: { id: string; title: string; ownerName: string; revision: number; cells: Cell[]; sandbox: SandboxSpec | null; forkedFrom: string | null };
  datasets: SandboxDataset[];
  canEdit: boolean;
  /** Analysts record experiments; `user` is the author an artifact names. */
  canRecord: boolean;
  user: { id: string; name: string };
};

function nextModelName(cells: Cell[], base = 'model'): string {
  const taken = new Set(cells.flatMap((c) => (c.kind === 'sql' ? [c.name] : [])));
  let n = base === 'model' ? cells.length + 1 : 2;
  while (taken.has(`${base}_${n}`)) n += 1;
  return `${base}_${n}`;
}

/** A new cell; check and chart cells start on the last model that has a result. */
function newCell(kind: Cell['kind'], cells: Cell[], models: Relation[]): Cell {
  const id = newCellId();
  if (kind === 'sql') return { id, kind, name: nextModelName(cells), source: '' };
  if (kind === 'markdown') return { id, kind, source: '' };
  const model = models.at(-1);
  if (kind === 'check') return { id, kind, model: model?.name ?? 'model', checks: [] };
  return { id, kind, model: model?.name ?? 'model', spec: defaultChartSpec(model?.columns ?? []) };
}

function cellLabel(cell: Cell): string {
  if (cell.kind === 'sql') return `SQL cell ${cell.name}`;
  if (cell.kind === 'check') return `Check cell on ${cell.model}`;
  if (cell.kind === 'chart') return `Chart cell on ${cell.model}`;
  return 'Markdown cell';
}

export function NotebookWorkbench({ notebook, datasets, canEdit, canRecord, user }: Props) {
  const router = useRouter();
  const [recording, setRecording] = useState(false);
  const [content, setContent] = useState<NotebookContent>({ cells: notebook.cells, sandbox: notebook.sandbox });
  const { cells, sandbox } = content;
  const setCells = useCallback((update: (cells: Cell[]) => Cell[]) => setContent((c) => ({ ...c, cells: update(c.cells) })), []);
  const [engineState, setEngineState] = useState<EngineState>({ status: 'starting' });
  const [sandboxState, setSandboxState] = useState<SandboxState>({ kind: 'empty' });
  const [sources, setSources] = useState<Relation[]>([]);
  const [reactive, setReactive] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);
  const [focusCell, setFocus] = useState<{ id: string; request: number } | null>(null);
  const [insert, setInsert] = useState<{ id: string; text: string; request: number } | null>(null);
  const [formatRequest, setFormatRequest] = useState<{ id: string; request: number } | null>(null);
  // Bumped when cells are replaced from outside (their version, a restored draft): editors remount.
  const [epoch, setEpoch] = useState(0);
  const lastEditor = useRef<string | null>(null);
  const pendingDelete = useRef<number>(0);
  const sheet = useShortcutSheet();

  const [runner] = useState(() => new NotebookRunner<CheckResult>(browserEngine, runChecks));
  const snapshot = useSyncExternalStore(runner.subscribe, runner.getSnapshot, runner.getSnapshot);
  const { state: save, keepMine, takeTheirs } = useAutosave(notebook.id, notebook.revision, content, canEdit);
  const replaceContent = (next: NotebookContent) => {
    setContent(next);
    setEpoch((e) => e + 1);
  };
  const draft = useLocalDraft(notebook.id, { revision: notebook.revision, ...content }, save.kind === 'saved', canEdit);

  const sourceNames = useMemo(() => new Set(sources.map((s) => s.name)), [sources]);
  const latest = useRef({ cells, sourceNames, reactive });
  latest.current = { cells, sourceNames, reactive };

  useEffect(() => {
    browserEngine()
      .then(async (engine) => {
        const { rows } = await engine.query('SELECT version()');
        setEngineState({ status: 'ready', engine, version: String(rows[0]?.[0] ?? '') });
      })
      .catch((error: unknown) => setEngineState({ status: 'failed', message: error instanceof Error ? error.message : String(error) }));
  }, []);
  const engine = engineState.status === 'ready' ? engineState.engine : null;
  useDuckdbEditorSupport(engine);

  const reportRun = useRef(0);
  const runCells = useCallback(
    async (request: Parameters<NotebookRunner['run']>[2], cellsNow: Cell[] = latest.current.cells) => {
      await runner.run(cellsNow, latest.current.sourceNames, request);
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

  // Settles once the sandbox being built is in the engine (and, in reactive mode, the notebook has run on
  // it): a run asked for meanwhile waits, so it reads the new sources instead of failing on missing ones
  // and being marked stale after.
  const sandboxBuilt = useRef<Promise<unknown>>(Promise.resolve());
  const runWhenSandboxBuilt = useCallback(
    async (request: Parameters<NotebookRunner['run']>[2], cellsNow?: Cell[]) => {
      await sandboxBuilt.current;
      await runCells(request, cellsNow);
    },
    [runCells],
  );

  const build = useCallback(
    async (spec: SandboxSpec, engineNow: Engine) => {
      setSandboxState({ kind: 'generating', step: 'starting' });
      try {
        const generated = await generateSandbox(engineNow, datasets, spec, (step: string) => setSandboxState({ kind: 'generating', step }));
        setSandboxState({ kind: 'ready', ...generated });
        const contracts = new Map(datasets.map((d) => [d.name, d.contract]));
        const relations: Relation[] = generated.tables.map((t) => ({
          name: t.name,
          kind: 'source',
          columns: (contracts.get(t.name)?.columns ?? []).map((c) => ({ name: c.name, type: c.type })),
        }));
        setSources(relations);
        latest.current.sourceNames = new Set(relations.map((r) => r.name));
        runner.invalidateAll();
        if (latest.current.reactive) await runCells({ targets: 'all', downstream: true });
        else await runner.analyze(latest.current.cells, latest.current.sourceNames);
      } catch (error) {
        setSandboxState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    },
    [datasets, runner, runCells],
  );
  /** Builds the sandbox (never rejects: a failure is shown in the panel) and holds runs until it is in. */
  const generate = useCallback(
    (spec: SandboxSpec, engineNow: Engine) => {
      const done = build(spec, engineNow);
      sandboxBuilt.current = done;
      return done;
    },
    [build],
  );

  // On open: rebuild the saved sandbox (deterministic from its spec), then run everything once.
  const opened = useRef(false);
  useEffect(() => {
    if (engine === null || opened.current) return;
    opened.current = true;
    if (sandbox === null) {
      void runCells({ targets: 'all', downstream: true });
      return;
    }
    let built: (generation: Promise<void>) => void = () => {};
    sandboxBuilt.current = new Promise<void>((resolve) => (built = resolve));
    void (async () => {
      try {
        // Cells that need no source show their results before the sandbox is built.
        const graph = await runner.analyze(latest.current.cells, new Set(datasets.map((d) => d.name)));
        const independent = graph.order.filter((id) =>
          upstreamOf(graph, [id]).every((up) => {
            const node = graph.nodes.get(up);
            return node !== undefined && node.sources.length === 0 && node.error === null && node.warning === null;
          }),
        );
        if (independent.length > 0) await runCells({ targets: independent, downstream: false });
      } finally {
        const generating = generate(sandbox, engine);
        built(generating);
      }
    })();
  }, [engine, sandbox, datasets, runner, generate, runCells]);

  const onGenerate = (spec: SandboxSpec) => {
    setContent((c) => ({ ...c, sandbox: spec }));
    if (engine) void generate(spec, engine);
  };

  // Edits mark the cell and its dependents stale once typing pauses.
  const cellsKey = JSON.stringify(cells.map((c) => (c.kind === 'sql' ? [c.id, c.name, c.source] : c.kind === 'markdown' ? [c.id] : [c.id, c])));
  const previousKey = useRef(cellsKey);
  const changedCell = useRef<string | null>(null);
  useEffect(() => {
    if (engine === null || cellsKey === previousKey.current) return;
    previousKey.current = cellsKey;
    const timer = setTimeout(() => {
      const id = changedCell.current;
      if (id) void runner.edited(latest.current.cells, latest.current.sourceNames, id);
      else void runner.analyze(latest.current.cells, latest.current.sourceNames);
    }, 250);
    return () => clearTimeout(timer);
  }, [cellsKey, engine, runner]);

  const update = (id: string, patch: Partial<Cell>) => {
    changedCell.current = id;
    setCells((cs) => cs.map((c) => (c.id === id ? ({ ...c, ...patch } as Cell) : c)));
  };
  const replaceCell = (cell: Cell) => {
    changedCell.current = cell.id;
    setCells((cs) => cs.map((c) => (c.id === cell.id ? cell : c)));
    // A check or chart changed its definition: run it (and what reads it) right away.
    if (cell.kind === 'check' || cell.kind === 'chart') {
      const next = latest.current.cells.map((c) => (c.id === cell.id ? cell : c));
      void runWhenSandboxBuilt({ targets: [cell.id], downstream: false }, next);
    }
  };

  const setFocusCell = (id: string) => setFocus((f) => ({ id, request: (f?.request ?? 0) + 1 }));
  const addCell = (kind: Cell['kind'], at?: { id: string; where: 'above' | 'below' }) => {
    const cell = newCell(kind, cells, relations.filter((r) => r.kind === 'model'));
    setCells((cs) => {
      const index = at ? cs.findIndex((c) => c.id === at.id) + (at.where === 'below' ? 1 : 0) : cs.length;
      return [...cs.slice(0, index), cell, ...cs.slice(index)];
    });
    setSelected(cell.id);
    setFocusCell(cell.id);
  };
  const deleteCell = (id: string) => {
    changedCell.current = null;
    setCells((cs) => cs.filter((c) => c.id !== id));
  };
  const duplicateCell = (id: string) => {
    setCells((cs) => {
      const index = cs.findIndex((c) => c.id === id);
      const original = cs[index];
      if (!original) return cs;
      const copy = { ...structuredClone(original), id: newCellId() } as Cell;
      if (copy.kind === 'sql') copy.name = nextModelName(cs, `${copy.name}_copy`.slice(0, 56));
      return [...cs.slice(0, index + 1), copy, ...cs.slice(index + 1)];
    });
  };
  const moveCell = (id: string, delta: -1 | 1) =>
    setCells((cs) => {
      const from = cs.findIndex((c) => c.id === id);
      const to = from + delta;
      return to < 0 || to >= cs.length ? cs : arrayMove(cs, from, to);
    });
  const toggleCollapse = (id: string) => setCells((cs) => cs.map((c) => (c.id === id ? { ...c, collapsed: !c.collapsed } : c)));

  const runCell = (cell: Cell, source?: string) => {
    let next = latest.current.cells;
    if (cell.kind === 'sql' && source !== undefined) {
      next = next.map((c) => (c.id === cell.id ? { ...cell, source } : c));
      setCells(() => next);
    }
    void runWhenSandboxBuilt({ targets: [cell.id], downstream: latest.current.reactive }, next);
  };
  const advanceFrom = (id: string) => {
    const index = cells.findIndex((c) => c.id === id);
    const next = cells[index + 1];
    if (next) {
      setSelected(next.id);
      setFocusCell(next.id);
    } else if (canEdit) {
      addCell('sql', { id, where: 'below' });
    }
  };

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    setCells((cs) => arrayMove(cs, cs.findIndex((c) => c.id === active.id), cs.findIndex((c) => c.id === over.id)));
  };

  // Notebook mode (focus on a cell, not in an editor): Jupyter's keys.
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (isTyping(event.target) || selected === null) return;
    const index = cells.findIndex((c) => c.id === selected);
    const go = (i: number) => {
      const cell = cells[Math.max(0, Math.min(cells.length - 1, i))];
      if (!cell) return;
      setSelected(cell.id);
      document.querySelector<HTMLElement>(`[data-cell-id="${cell.id}"]`)?.focus();
    };
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown') && canEdit) moveCell(selected, event.key === 'ArrowUp' ? -1 : 1);
    else if (event.key === 'ArrowUp') go(index - 1);
    else if (event.key === 'ArrowDown') go(index + 1);
    else if (event.key === 'Enter') setFocusCell(selected);
    else if (canEdit && (event.key === 'a' || event.key === 'b')) addCell('sql', { id: selected, where: event.key === 'a' ? 'above' : 'below' });
    else if (canEdit && event.key === 'd') {
      if (Date.now() - pendingDelete.current < 800) {
        deleteCell(selected);
        go(index + 1 < cells.length ? index + 1 : index - 1);
        pendingDelete.current = 0;
      } else pendingDelete.current = Date.now();
    } else return;
    event.preventDefault();
  };

  const stateOf = (id: string): CellRunState<CheckResult> | null => snapshot.cells[id] ?? null;
  const modelCellId = (name: string) => cells.find((c) => c.kind === 'sql' && c.name === name)?.id;
  const relations: Relation[] = [
    ...sources,
    ...cells.flatMap((c): Relation[] => {
      const result = c.kind === 'sql' ? stateOf(c.id)?.result : null;
      return c.kind === 'sql' && result ? [{ name: c.name, kind: 'model', columns: result.columns }] : [];
    }),
  ];
  useEffect(() => {
    void import('@/lib/client/monaco-duckdb').then((m) => m.setCompletionSchema(relations));
  }, [JSON.stringify(relations)]); // eslint-disable-line react-hooks/exhaustive-deps

  const checksByModel: Record<string, CheckResult[]> = {};
  for (const c of cells) {
    if (c.kind !== 'check') continue;
    const results = stateOf(c.id)?.checks;
    if (results) checksByModel[c.model] = [...(checksByModel[c.model] ?? []), ...results];
  }

  const insertText = (text: string) => {
    const target = lastEditor.current ?? selected;
    if (target) setInsert((i) => ({ id: target, text, request: (i?.request ?? 0) + 1 }));
  };


  // The order a replay runs the cells in: the one the scan for unseeded random calls must follow.
  const inRunOrder = snapshot.graph
    ? snapshot.graph.order.flatMap((id) => cells.filter((c) => c.id === id))
    : cells;
  const recordBlocked =
    engine === null
      ? 'DuckDB is still starting.'
      : sandbox === null || sandboxState.kind !== 'ready'
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
      sandbox: { spec: sandbox, datasets, sources: latest.current.sourceNames },
      author: user,
      annotations,
    });
    router.push(`/experiments/${id}`);
  };

  return (
    <>
      <div className="notebook-head">
        <div>
          <h1>{notebook.title}</h1>
          <span className="muted">by {notebook.ownerName}</span>
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
        <button className="ghost" onClick={() => void runner.cancel()} disabled={!snapshot.busy}>
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
          <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
            <SortableContext items={cells.map((c) => c.id)} strategy={verticalListSortingStrategy}>
              {cells.map((cell) => {
                const run = stateOf(cell.id);
                const node = snapshot.graph?.nodes.get(cell.id);
                const graphError = node?.error ?? node?.warning ?? null;
                const frame = {
                  cellId: cell.id,
                  label: cellLabel(cell),
                  run,
                  collapsed: Boolean(cell.collapsed),
                  selected: selected === cell.id,
                  canEdit,
                  onSelect: () => setSelected(cell.id),
                  onCancel: () => void runner.cancel(),
                  onToggleCollapse: () => toggleCollapse(cell.id),
                  onMove: (delta: -1 | 1) => moveCell(cell.id, delta),
                  onDuplicate: () => duplicateCell(cell.id),
                  onDelete: () => deleteCell(cell.id),
                };
                if (cell.kind === 'sql') {
                  const checks = checksByModel[cell.name];
                  return (
                    <CellFrame
                      key={cell.id}
                      {...frame}
                      kind="SQL"
                      title={<ModelNameInput cell={cell} canEdit={canEdit} onRename={(name) => update(cell.id, { name })} />}
                      badges={checks ? <CheckBadge model={cell.name} summary={summarizeChecks(checks)} /> : null}
                      onRun={engine ? () => runCell(cell) : undefined}
                    >
                      <SqlCellView
                        key={`${cell.id}:${epoch}`}
                        cell={cell}
                        run={run}
                        graphError={run?.phase === 'error' ? null : graphError}
                        engine={engine}
                        canEdit={canEdit}
                        focusRequest={focusCell?.id === cell.id ? focusCell.request : 0}
                        insertRequest={insert?.id === cell.id ? { text: insert.text, request: insert.request } : undefined}
                        formatRequest={formatRequest?.id === cell.id ? formatRequest.request : undefined}
                        onFormat={() => setFormatRequest((f) => ({ id: cell.id, request: (f?.request ?? 0) + 1 }))}
                        onFocus={() => {
                          lastEditor.current = cell.id;
                          setSelected(cell.id);
                        }}
                        onChange={(source) => update(cell.id, { source })}
                        onRun={(source) => runCell(cell, source)}
                        onRunAndAdvance={(source) => {
                          runCell(cell, source);
                          advanceFrom(cell.id);
                        }}
                        onRunAndInsert={(source) => {
                          runCell(cell, source);
                          if (canEdit) addCell('sql', { id: cell.id, where: 'below' });
                        }}
                        onEscape={() => document.querySelector<HTMLElement>(`[data-cell-id="${cell.id}"]`)?.focus()}
                      />
                    </CellFrame>
                  );
                }
                if (cell.kind === 'check') {
                  return (
                    <CellFrame key={cell.id} {...frame} kind="Check" title={<code>{cell.model}</code>} onRun={engine ? () => runCell(cell) : undefined}>
                      {graphError && <p className="graph-error">{graphError}</p>}
                      <CheckCellView
                        cell={cell}
                        relations={relations}
                        results={run?.checks ?? null}
                        running={run?.phase === 'running'}
                        canEdit={canEdit}
                        onChange={replaceCell}
                      />
                    </CellFrame>
                  );
                }
                if (cell.kind === 'chart') {
                  const modelId = modelCellId(cell.model);
                  return (
                    <CellFrame key={cell.id} {...frame} kind="Chart" title={<code>{cell.model}</code>}>
                      {graphError && <p className="graph-error">{graphError}</p>}
                      <ChartCellView
                        cell={cell}
                        engine={engine}
                        models={relations.filter((r) => r.kind === 'model')}
                        runId={(modelId ? stateOf(modelId)?.runId : 0) ?? 0}
                        canEdit={canEdit}
                        onChange={replaceCell}
                      />
                    </CellFrame>
                  );
                }
                return (
                  <CellFrame key={cell.id} {...frame} kind="Markdown" title={null}>
                    <MarkdownCellView
                      key={`${cell.id}:${epoch}`}
                      source={cell.source}
                      canEdit={canEdit}
                      focusRequest={focusCell?.id === cell.id ? focusCell.request : 0}
                      onChange={(source) => update(cell.id, { source })}
                    />
                  </CellFrame>
                );
              })}
            </SortableContext>
          </DndContext>
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
          <SandboxPanel datasets={datasets} spec={sandbox ?? defaultSandboxSpec(datasets)} state={sandboxState} canGenerate={engine !== null} onGenerate={onGenerate} />
          <SchemaBrowser relations={relations} onInsert={insertText} />
        </aside>
      </div>
      <ShortcutSheet open={sheet.open} onClose={() => sheet.setOpen(false)} />
      <RecordDialog
        open={recording}
        findings={recording ? findNondeterminism(inRunOrder) : []}
        blocked={recordBlocked}
        onRecord={onRecord}
        onClose={() => setRecording(false)}
      />
    </>
  );
}

function ModelNameInput({ cell, canEdit, onRename }: { cell: SqlCell; canEdit: boolean; onRename(name: string): void }) {
  return (
    <input
      aria-label="Model name"
      value={cell.name}
      readOnly={!canEdit}
      onChange={(e) => onRename(e.target.value.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63) || '_')}
    />
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
