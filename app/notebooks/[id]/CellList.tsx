'use client';

import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { memo, useMemo, type ReactNode } from 'react';
import type { Engine } from '@/lib/engine/types';
import { cellLabel } from '@/lib/notebook/cells';
import type { CellRunState, NotebookRunner } from '@/lib/notebook/runner';
import type { Cell, SqlCell } from '@/lib/notebook/schema';
import { assertNever } from '@/lib/notebook/staleness';
import { summarizeChecks, type CheckResult } from '@/lib/quality/checks';
import { CellFrame } from './CellFrame';
import { ChartCellView } from './ChartCellView';
import { CheckBadge, CheckCellView } from './CheckCellView';
import { MarkdownCellView } from './MarkdownCellView';
import type { Relation } from './SchemaBrowser';
import { SqlCellView } from './SqlCellView';
import { useCellRunValue } from './useRunner';

/** What a cell can ask the page to do; one stable object, so a cell view re-renders only for its own changes. */
export type CellActions = {
  select(id: string): void;
  editorFocused(id: string): void;
  edit(id: string, patch: { source: string } | { name: string }): void;
  replace(cell: Cell): void;
  run(cell: Cell, source?: string): void;
  runAndAdvance(cell: Cell, source: string): void;
  runAndInsert(cell: Cell, source: string): void;
  format(id: string): void;
  cancel(): void;
  toggleCollapse(id: string): void;
  move(id: string, delta: -1 | 1): void;
  duplicate(id: string): void;
  remove(id: string): void;
  drop(id: string, onto: string): void;
};

type Request = { id: string; request: number };

type Props = {
  cells: Cell[];
  runner: NotebookRunner<CheckResult>;
  engine: Engine | null;
  /** Why the graph cannot run a cell (cycle, unknown name…), by cell id. */
  graphErrors: Readonly<Record<string, string>>;
  canEdit: boolean;
  selected: string | null;
  /** Bumped when cells are replaced from outside (their version, a restored draft): editors remount. */
  epoch: number;
  focus: Request | null;
  insert: (Request & { text: string }) | null;
  formatRequest: Request | null;
  checksByModel: Record<string, CheckResult[]>;
  relations: Relation[];
  actions: CellActions;
};

/** Memoised: a run changes no prop here (cells subscribe to their own run state), and rendering the
 * list renders every cell's drag handle again through dnd-kit's contexts. */
export const CellList = memo(function CellList({ cells, runner, engine, graphErrors, canEdit, selected, epoch, focus, insert, formatRequest, checksByModel, relations, actions }: Props) {
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const ids = cells.map((c) => c.id);
  const idsKey = ids.join(' ');
  const items = useMemo(() => idsKey.split(' ').filter(Boolean), [idsKey]);
  const models = useMemo(() => relations.filter((r) => r.kind === 'model'), [relations]);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) actions.drop(String(active.id), String(over.id));
  };
  const modelCellId = (name: string) => cells.find((c) => c.kind === 'sql' && c.name === name)?.id;
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={items} strategy={verticalListSortingStrategy}>
        {cells.map((cell) => {
          const reads = cell.kind === 'check' || cell.kind === 'chart';
          return (
            <CellItem
              key={cell.id}
              cell={cell}
              runner={runner}
              engine={engine}
              canEdit={canEdit}
              selected={selected === cell.id}
              epoch={epoch}
              graphError={graphErrors[cell.id] ?? null}
              focusRequest={focus?.id === cell.id ? focus.request : 0}
              insertText={insert?.id === cell.id ? insert.text : undefined}
              insertRequest={insert?.id === cell.id ? insert.request : undefined}
              formatRequest={formatRequest?.id === cell.id ? formatRequest.request : undefined}
              checks={cell.kind === 'sql' ? checksByModel[cell.name] : undefined}
              relations={cell.kind === 'check' ? relations : undefined}
              models={cell.kind === 'chart' ? models : undefined}
              modelCellId={reads ? modelCellId(cell.model) : undefined}
              actions={actions}
            />
          );
        })}
      </SortableContext>
    </DndContext>
  );
});

type ItemProps = {
  cell: Cell;
  runner: NotebookRunner<CheckResult>;
  engine: Engine | null;
  canEdit: boolean;
  selected: boolean;
  epoch: number;
  graphError: string | null;
  focusRequest: number;
  insertText: string | undefined;
  insertRequest: number | undefined;
  formatRequest: number | undefined;
  checks: CheckResult[] | undefined;
  relations: Relation[] | undefined;
  models: Relation[] | undefined;
  modelCellId: string | undefined;
  actions: CellActions;
};

type Run = CellRunState<CheckResult> | null;

/** Renders what a cell's view needs of its run state, and again only when that changes (a status
 * change, queued or running, leaves the editor and the grid alone). */
function WithRun<T>({ runner, cellId, select, children }: { runner: NotebookRunner<CheckResult>; cellId: string; select(run: Run): T; children(value: T): ReactNode }) {
  return children(useCellRunValue(runner, cellId, select));
}

const sqlView = (run: Run) => ({
  error: run?.phase === 'error' || run?.phase === 'cancelled' ? run.error : null,
  result: run?.result ?? null,
  runId: run?.runId ?? 0,
  stale: run?.stale ?? false,
});
const checkView = (run: Run) => ({ checks: run?.checks ?? null, running: run?.phase === 'running' });

/** One cell: re-renders when its own props change (memo); the parts that show its run subscribe to it. */
const CellItem = memo(function CellItem(props: ItemProps) {
  const { cell, runner, engine, canEdit, actions, graphError } = props;
  // A chart redraws when its model's table is rebuilt.
  const modelRunId = useCellRunValue(runner, cell.kind === 'chart' ? props.modelCellId : undefined, (run) => run?.runId ?? 0);
  const frame = {
    cellId: cell.id,
    label: cellLabel(cell),
    runner,
    collapsed: Boolean(cell.collapsed),
    selected: props.selected,
    canEdit,
    onSelect: () => actions.select(cell.id),
    onCancel: () => actions.cancel(),
    onToggleCollapse: () => actions.toggleCollapse(cell.id),
    onMove: (delta: -1 | 1) => actions.move(cell.id, delta),
    onDuplicate: () => actions.duplicate(cell.id),
    onDelete: () => actions.remove(cell.id),
  };
  const onRun = engine ? () => actions.run(cell) : undefined;
  switch (cell.kind) {
    case 'sql':
      return (
        <CellFrame
          {...frame}
          kind="SQL"
          title={<ModelNameInput cell={cell} canEdit={canEdit} onRename={(name) => actions.edit(cell.id, { name })} />}
          badges={props.checks ? <CheckBadge model={cell.name} summary={summarizeChecks(props.checks)} /> : null}
          onRun={onRun}
        >
          <WithRun runner={runner} cellId={cell.id} select={sqlView}>
            {(run) => (
              <SqlCellView
                key={`${cell.id}:${props.epoch}`}
                cell={cell}
                {...run}
                graphError={graphError}
                engine={engine}
                canEdit={canEdit}
                focusRequest={props.focusRequest}
                insertRequest={props.insertText !== undefined && props.insertRequest !== undefined ? { text: props.insertText, request: props.insertRequest } : undefined}
                formatRequest={props.formatRequest}
                onFormat={() => actions.format(cell.id)}
                onFocus={() => actions.editorFocused(cell.id)}
                onChange={(source) => actions.edit(cell.id, { source })}
                onRun={(source) => actions.run(cell, source)}
                onRunAndAdvance={(source) => actions.runAndAdvance(cell, source)}
                onRunAndInsert={(source) => actions.runAndInsert(cell, source)}
                onEscape={() => document.querySelector<HTMLElement>(`[data-cell-id="${cell.id}"]`)?.focus()}
              />
            )}
          </WithRun>
        </CellFrame>
      );
    case 'check':
      return (
        <CellFrame {...frame} kind="Check" title={<code>{cell.model}</code>} onRun={onRun}>
          {graphError && <p className="graph-error">{graphError}</p>}
          <WithRun runner={runner} cellId={cell.id} select={checkView}>
            {({ checks, running }) => <CheckCellView cell={cell} relations={props.relations ?? []} results={checks} running={running} canEdit={canEdit} onChange={actions.replace} />}
          </WithRun>
        </CellFrame>
      );
    case 'chart':
      return (
        <CellFrame {...frame} kind="Chart" title={<code>{cell.model}</code>}>
          {graphError && <p className="graph-error">{graphError}</p>}
          <ChartCellView cell={cell} engine={engine} models={props.models ?? []} runId={modelRunId} canEdit={canEdit} onChange={actions.replace} />
        </CellFrame>
      );
    case 'markdown':
      return (
        <CellFrame {...frame} kind="Markdown" title={null}>
          <MarkdownCellView key={`${cell.id}:${props.epoch}`} source={cell.source} canEdit={canEdit} focusRequest={props.focusRequest} onChange={(source) => actions.edit(cell.id, { source })} />
        </CellFrame>
      );
    default:
      return assertNever(cell);
  }
});

function ModelNameInput({ cell, canEdit, onRename }: { cell: SqlCell; canEdit: boolean; onRename(name: string): void }) {
  return (
    <input
      aria-label="Model name"
      className="model-name"
      style={{ width: `calc(${cell.name.length + 1}ch + 18px)` }}
      value={cell.name}
      readOnly={!canEdit}
      onChange={(e) => onRename(e.target.value.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63) || '_')}
    />
  );
}
