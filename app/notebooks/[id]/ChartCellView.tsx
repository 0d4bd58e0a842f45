'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import type { VisualizationSpec } from 'vega-embed';
import { columnOfField } from '@/lib/chart/columns';
import { CHART_ROW_LIMIT, loadChartData, type ChartData } from '@/lib/chart/data';
import { channelColumn, FORM_MARKS, isCountChannel, isSingleView, markOf, specForModel, withChannel, withCount, withMark, withXSort, X_SORTS, xSortOf, type FormChannel, type XSort } from '@/lib/chart/edit';
import { EMBED_OPTIONS, embeddableSpec } from '@/lib/chart/embed';
import { specFields, validateChartSpec, type ChartSpec } from '@/lib/chart/spec';
import type { Column, Engine } from '@/lib/engine/types';
import type { ChartCell } from '@/lib/notebook/schema';

export type ChartCellModel = { name: string; columns: Column[] };

export type ChartCellViewProps = {
  cell: ChartCell;
  /** Null until the browser's DuckDB has started. */
  engine: Engine | null;
  /** The models the notebook has run, with their columns, for the pickers. */
  models: ChartCellModel[];
  /** Changes whenever the chart's model was rebuilt: the data is read again. */
  runId: number;
  canEdit: boolean;
  onChange(cell: ChartCell): void;
};

/** `key`: the model and fields the data was read for; a spec whose fields changed waits for its own data. */
type DataState = { status: 'waiting' } | { status: 'loading' } | { status: 'ready'; data: ChartData; key: string } | { status: 'error'; message: string };

const dataKey = (model: string, spec: ChartSpec) => JSON.stringify([model, specFields(spec)]);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The body of a chart cell: the pickers (or the spec as JSON) and the chart drawn by vega-embed. The
 * workbench draws the cell's frame and decides when models run. */
export function ChartCellView({ cell, engine, models, runId, canEdit, onChange }: ChartCellViewProps) {
  const checked = validateChartSpec(cell.spec);
  const columns = models.find((m) => m.name === cell.model)?.columns ?? [];
  const data = useChartData(engine, cell, runId, checked.ok);
  const [editingJson, setEditingJson] = useState(false);
  const setSpec = (spec: ChartSpec) => onChange({ ...cell, spec });

  return (
    <div className="chart-cell">
      <div className="chart-controls" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', padding: '8px 12px' }}>
        <select
          aria-label="Chart model"
          value={cell.model}
          disabled={!canEdit}
          onChange={(e) => {
            const model = e.target.value;
            const modelColumns = models.find((m) => m.name === model)?.columns ?? [];
            onChange({ ...cell, model, spec: specForModel(cell.spec, modelColumns) });
          }}
        >
          {models.some((m) => m.name === cell.model) ? null : <option value={cell.model}>{cell.model} (not run)</option>}
          {models.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name}
            </option>
          ))}
        </select>
        {isSingleView(cell.spec) && !editingJson ? (
          <ChartForm spec={cell.spec} columns={columns} canEdit={canEdit} onSpec={setSpec} />
        ) : null}
        {!isSingleView(cell.spec) && !editingJson ? <span className="muted">This chart has layers: edit it as JSON.</span> : null}
        <span style={{ flex: 1 }} />
        <button type="button" className="ghost" aria-label="Edit spec as JSON" aria-pressed={editingJson} onClick={() => setEditingJson((on) => !on)}>
          {editingJson ? 'Close JSON' : 'Edit spec as JSON'}
        </button>
      </div>
      {editingJson ? <SpecJsonEditor spec={cell.spec} canEdit={canEdit} onSpec={setSpec} /> : null}
      {checked.ok ? null : (
        <p className="cell-error" role="alert">
          Invalid chart spec: {checked.message}
        </p>
      )}
      {checked.ok ? <ChartBody model={cell.model} spec={cell.spec} data={data} /> : null}
    </div>
  );
}

/** Reads the chart's data when the model, the engine, the run or the columns the spec uses change;
 * a mark or a title change redraws without a query. A result for an outdated request is dropped. */
function useChartData(engine: Engine | null, cell: ChartCell, runId: number, specOk: boolean): DataState {
  const [state, setState] = useState<DataState>({ status: 'waiting' });
  const fieldsKey = useMemo(() => JSON.stringify(specFields(cell.spec)), [cell.spec]);
  // The query depends on the spec only through its fields (fieldsKey), so the latest spec is read here.
  const spec = useRef(cell.spec);
  spec.current = cell.spec;

  useEffect(() => {
    if (engine === null || !specOk) {
      setState({ status: 'waiting' });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    loadChartData(engine, cell.model, spec.current)
      .then((data) => current && setState({ status: 'ready', data, key: dataKey(cell.model, spec.current) }))
      .catch((error: unknown) => current && setState({ status: 'error', message: messageOf(error) }));
    return () => {
      current = false;
    };
  }, [engine, cell.model, fieldsKey, runId, specOk]);

  return state;
}

function ChartBody({ model, spec, data }: { model: string; spec: ChartSpec; data: DataState }) {
  const values = data.status === 'ready' ? data.data.values : null;
  // A new field on an axis draws once its column is loaded: over the old rows Vega would find no
  // values for it (and warn "Infinite extent").
  const pending = data.status === 'loading' || (data.status === 'ready' && data.key !== dataKey(model, spec));
  const drawError = useVegaChart(spec, values, pending);
  const target = drawError.target;
  return (
    <>
      <figure aria-label={`Chart of ${model}`} style={{ margin: 0, padding: '8px 12px', overflowX: 'auto' }} aria-busy={pending}>
        {/* width: 'container' sizes the chart to this element */}
        <div ref={target} style={{ width: '100%' }} />
        {data.status === 'ready' && data.data.truncated ? (
          <figcaption className="muted" style={{ fontSize: 12 }}>
            Showing first {CHART_ROW_LIMIT.toLocaleString('en')} rows
          </figcaption>
        ) : null}
      </figure>
      {data.status === 'waiting' ? <p className="muted" style={{ padding: '0 12px' }}>Waiting for DuckDB…</p> : null}
      {data.status === 'loading' ? <p className="muted" style={{ padding: '0 12px' }}>Loading chart data…</p> : null}
      {data.status === 'error' ? (
        <p className="cell-error" role="alert">
          {data.message}
        </p>
      ) : null}
      {drawError.message ? (
        <p className="cell-error" role="alert">
          Cannot draw the chart: {drawError.message}
        </p>
      ) : null}
    </>
  );
}

/** Draws `spec` over `values` into the returned target with vega-embed, loaded on first use so the
 * server never imports Vega. The previous view is finalized before each redraw and on unmount. */
function useVegaChart(spec: ChartSpec, values: Record<string, unknown>[] | null, pending: boolean) {
  const target = useRef<HTMLDivElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const specKey = JSON.stringify(spec);

  useEffect(() => {
    const element = target.current;
    if (pending) return; // the last drawing stays until the data for this spec is in
    setMessage(null);
    if (element === null || values === null) {
      element?.replaceChildren();
      return;
    }
    let current = true;
    let finalize: (() => void) | null = null;
    const embedded = JSON.parse(specKey) as ChartSpec;
    import('vega-embed')
      .then(({ default: embed }) => embed(element, embeddableSpec(embedded, values) as VisualizationSpec, EMBED_OPTIONS))
      .then((result) => {
        if (current) finalize = result.finalize;
        else result.finalize();
      })
      .catch((error: unknown) => {
        if (!current) return;
        element.replaceChildren();
        setMessage(messageOf(error));
      });
    return () => {
      current = false;
      finalize?.();
    };
  }, [specKey, values, pending]);

  return { target, message };
}

const NONE = 'none';
const COUNT = 'count';
const columnOption = (name: string) => `column:${name}`;

function ChartForm({ spec, columns, canEdit, onSpec }: { spec: ChartSpec; columns: Column[]; canEdit: boolean; onSpec(spec: ChartSpec): void }) {
  const mark = markOf(spec) ?? '';
  const marks: string[] = [...FORM_MARKS];
  if (mark && !marks.includes(mark)) marks.push(mark);

  const channelValue = (channel: FormChannel): string => {
    const column = channelColumn(spec, channel);
    if (column !== null) return columnOption(column);
    return isCountChannel(spec, channel) ? COUNT : NONE;
  };
  const setChannel = (channel: FormChannel, value: string) => {
    if (value === NONE) return onSpec(withChannel(spec, channel, null));
    if (value === COUNT) return onSpec(withCount(spec, channel));
    const column = columns.find((c) => columnOption(c.name) === value);
    if (column) onSpec(withChannel(spec, channel, column));
  };
  const fieldSelect = (channel: FormChannel, label: string, withCountOption: boolean) => {
    const value = channelValue(channel);
    const unknown = value.startsWith('column:') && !columns.some((c) => columnOption(c.name) === value);
    return (
      <select aria-label={label} value={value} disabled={!canEdit} onChange={(e) => setChannel(channel, e.target.value)}>
        <option value={NONE}>{channel === 'color' ? 'No color' : '(none)'}</option>
        {withCountOption ? <option value={COUNT}>Count of rows</option> : null}
        {unknown ? <option value={value}>{columnOfField(value.slice('column:'.length))} (not in model)</option> : null}
        {columns.map((c) => (
          <option key={c.name} value={columnOption(c.name)}>
            {c.name}
          </option>
        ))}
      </select>
    );
  };

  return (
    <>
      <select aria-label="Mark" value={mark} disabled={!canEdit} onChange={(e) => onSpec(withMark(spec, e.target.value))}>
        {marks.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      {fieldSelect('x', 'X field', false)}
      {fieldSelect('y', 'Y field', true)}
      {fieldSelect('color', 'Color field', false)}
      <select aria-label="Sort x" value={xSortOf(spec)} disabled={!canEdit || channelColumn(spec, 'x') === null} onChange={(e) => onSpec(withXSort(spec, e.target.value as XSort))}>
        {X_SORTS.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** The spec as JSON text. Each edit that parses to a valid spec updates the cell; anything else shows
 * why and leaves the cell as it was. The text is the user's own until the spec changes elsewhere. */
function SpecJsonEditor({ spec, canEdit, onSpec }: { spec: ChartSpec; canEdit: boolean; onSpec(spec: ChartSpec): void }) {
  const specKey = JSON.stringify(spec);
  const [draft, setDraft] = useState(() => JSON.stringify(spec, null, 2));
  const [error, setError] = useState<string | null>(null);
  const applied = useRef(specKey);

  useEffect(() => {
    if (specKey === applied.current) return;
    applied.current = specKey;
    setDraft(JSON.stringify(JSON.parse(specKey), null, 2));
    setError(null);
  }, [specKey]);

  const edit = (text: string) => {
    setDraft(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      setError(`Invalid JSON: ${messageOf(e)}`);
      return;
    }
    const checked = validateChartSpec(parsed);
    if (!checked.ok) {
      setError(`Invalid chart spec: ${checked.message}`);
      return;
    }
    setError(null);
    const next = parsed as ChartSpec;
    applied.current = JSON.stringify(next);
    if (applied.current !== specKey) onSpec(next);
  };

  return (
    <div style={{ padding: '0 12px 8px' }}>
      <textarea
        aria-label="Chart spec JSON"
        value={draft}
        readOnly={!canEdit}
        spellCheck={false}
        rows={Math.min(24, Math.max(6, draft.split('\n').length))}
        style={{ width: '100%', font: '12.5px/1.5 var(--mono)', border: '1px solid var(--line)', borderRadius: 6, padding: 8 }}
        onChange={(e) => edit(e.target.value)}
      />
      {error ? (
        <p className="cell-error" role="alert" style={{ borderRadius: 6 }}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
