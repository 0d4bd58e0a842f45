'use client';

import { observeElementOffset, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, useState, useSyncExternalStore, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import type { Column, Engine } from '@/lib/engine/types';
import { cellText, rowAsTsv } from '@/lib/grid/clipboard';
import { exportCsv } from '@/lib/grid/csv';
import { PageCache } from '@/lib/grid/page-cache';
import { GRID_PAGE_ROWS, readPage, type GridSort, type PageRow } from '@/lib/grid/page-query';
import { canMaterialiseOrder, createSortOrder, dropSortOrder } from '@/lib/grid/sort-order';
import { drawnTop, scrollScale } from '@/lib/grid/scroll-scale';
import { formatCount } from '@/lib/format/count';

/** Rows that live on the server (a production model): pages and CSV come from its API. */
export type RemoteRows = {
  fetch(sort: GridSort, offset: number, limit: number): Promise<PageRow[]>;
  csvHref(sort: GridSort): string;
};

export type ResultGridProps = {
  /** The page's DuckDB holding `table`; or `remote`, for rows the server pages. */
  engine?: Engine;
  remote?: RemoteRows;
  /** The model table the cell materialised; the grid pages it, never reading it whole. */
  table: string;
  columns: Column[];
  rowCount: number;
  /** Changes whenever the table is rebuilt: cached pages are dropped and late answers ignored. */
  runId: number;
  label: string;
  /** Rows [0, 100) of this run, read with it (the notebook runner's preview); unsorted, no query. */
  firstPage?: PageRow[];
};

const ROW_PX = 28;
const HEADER_PX = 40;
const VIEW_PX = 360;
// 13 rows fill the view; 6 more each side keeps ~25 row elements in the DOM.
const OVERSCAN = 6;
const MIN_COLUMN_PX = 140;

function observeViewSize(instance: Virtualizer<HTMLDivElement, Element>, report: (rect: Rect) => void): () => void {
  const element = instance.scrollElement;
  if (!element) return () => undefined;
  const observer = new ResizeObserver(([entry]) => {
    if (entry) report({ width: Math.round(entry.contentRect.width), height: Math.round(entry.contentRect.height) });
  });
  observer.observe(element);
  return () => observer.disconnect();
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

function nextSort(current: GridSort, column: string): GridSort {
  if (current?.column !== column) return { column, direction: 'asc' };
  return current.direction === 'asc' ? { column, direction: 'desc' } : null;
}

/** Pages of one version of the result (table × sort × run): a new version gets a new cache and the
 * old one is closed, so its late answers are dropped. The cache is made while rendering (it queries
 * nothing until asked for rows), so a run's first page, read with the run, paints in the same commit
 * as its row count. A sorted version sorts once, at its first page, into a temp order
 * (lib/grid/sort-order.ts) that every page reads from, and drops it when the version goes. */
function usePageCache(source: Engine | RemoteRows, table: string, columns: Column[], sort: GridSort, runId: number, rowCount: number, firstPage: PageRow[] | undefined): PageCache {
  const materialise = canMaterialiseOrder(columns);
  const version = useMemo(() => {
    if ('fetch' in source) return { cache: new PageCache((offset, limit) => source.fetch(sort, offset, limit), { rowCount, pageSize: GRID_PAGE_ROWS }), dropOrder: () => undefined };
    const engine = source;
    let order: Promise<string | null> | null = null;
    const sortOrder = () => {
      if (order === null) {
        order = sort && rowCount > 0 && materialise ? createSortOrder(engine, table, sort) : Promise.resolve(null);
        // Settled here too, so a failed sort surfaces once, through the pages, not as an unhandled rejection.
        order.catch(() => undefined);
      }
      return order;
    };
    const dropOrder = () => {
      // Queued behind any page still reading it: the engine runs one query at a time, in order.
      void order?.then((name) => (name ? dropSortOrder(engine, name) : undefined)).catch(() => undefined);
      order = null;
    };
    const cache = new PageCache(async (offset, limit) => readPage(engine, { table, sort, order: await sortOrder(), offset, limit }), {
      rowCount,
      pageSize: GRID_PAGE_ROWS,
      firstPage: sort === null ? firstPage : undefined,
    });
    return { cache, dropOrder };
    // firstPage changes only with runId: it is that run's first rows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, table, materialise, sort, runId, rowCount]);
  useEffect(() => {
    version.cache.open();
    return () => {
      version.cache.close();
      version.dropOrder();
    };
  }, [version]);
  useSyncExternalStore(version.cache.subscribe, version.cache.getVersion, version.cache.getVersion);
  return version.cache;
}

type Selection = { row: number; column: number; values: PageRow };

/** Memoised: a cell re-rendering for its status (queued, running) leaves a grid whose run did not change alone. */
export const ResultGrid = memo(function ResultGrid({ engine, remote, table, columns, rowCount, runId, label, firstPage }: ResultGridProps) {
  const source = remote ?? engine;
  if (!source) throw new Error('ResultGrid needs an engine or remote rows');
  const [requestedSort, setSort] = useState<GridSort>(null);
  // A rebuilt table may have lost the sorted column.
  const sort = requestedSort && columns.some((c) => c.name === requestedSort.column) ? requestedSort : null;
  const cache = usePageCache(source, table, columns, sort, runId, rowCount, firstPage);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [status, setStatus] = useState('');
  const [exporting, setExporting] = useState(false);
  const exportAbort = useRef<AbortController | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const numeric = columns.map((c) => NUMERIC.test(c.type));
  const { spacerPx, factor } = scrollScale(rowCount * ROW_PX, VIEW_PX - HEADER_PX);
  const factorRef = useRef(factor);
  factorRef.current = factor;

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: OVERSCAN,
    // Past the browser's height cap the scroll area is shorter than the rows (scroll-scale.ts).
    observeElementOffset: (instance, report) => observeElementOffset(instance, (offset, scrolling) => report(offset * factorRef.current, scrolling)),
    // The view's size from a ResizeObserver alone: tanstack's default also reads clientHeight as the
    // grid mounts, a forced layout for every result a Run all adds.
    initialRect: { width: 0, height: VIEW_PX - HEADER_PX },
    observeElementRect: observeViewSize,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  const realScrollTop = (virtualizer.scrollOffset ?? 0) / factor;

  useEffect(() => {
    cache.want(firstIndex, lastIndex);
  }, [cache, firstIndex, lastIndex]);

  // A new order or a rebuilt table starts at the top, with nothing selected. Only a grid scrolled away
  // from the top (as its scroll events told the virtualizer) is scrolled back: setting scrollTop forces
  // a layout, once for every grid a Run all rebuilds. Only a selection that exists is cleared: setting
  // null over null still renders the grid again about every other time (React's eager bail-out).
  const scrolled = useRef(false);
  scrolled.current = (virtualizer.scrollOffset ?? 0) > 0;
  const hasSelection = useRef(false);
  hasSelection.current = selection !== null;
  useEffect(() => {
    if (hasSelection.current) setSelection(null);
    if (scroller.current && scrolled.current) scroller.current.scrollTop = 0;
  }, [sort, runId, table]);

  useEffect(() => () => exportAbort.current?.abort(), []);

  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(`Copied ${what}`);
    } catch {
      setStatus('Copy failed: the browser refused access to the clipboard');
    }
  };
  const copyCell = () => {
    if (!selection) return;
    const column = columns[selection.column];
    void copy(cellText(selection.values[selection.column] ?? null), `${column?.name ?? 'cell'} of row ${formatCount(selection.row + 1)}`);
  };
  const copyRow = () => {
    if (selection) void copy(rowAsTsv(selection.values), `row ${formatCount(selection.row + 1)}`);
  };

  const exportClicked = async () => {
    if (!engine) return;
    const controller = new AbortController();
    exportAbort.current = controller;
    setExporting(true);
    setStatus('Exporting CSV…');
    try {
      const blob = await exportCsv(
        engine,
        { table, columns, sort },
        { signal: controller.signal, onProgress: (rows) => setStatus(`Exporting CSV… ${formatCount(rows)} of ${formatCount(rowCount)} rows`) },
      );
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${table}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked later, not at once: Firefox may still be starting the download after click() returns.
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
      setStatus(`Exported ${formatCount(rowCount)} rows to ${table}.csv`);
    } catch (error) {
      if (!controller.signal.aborted) setStatus(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setExporting(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const el = scroller.current;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'c') {
      // A text selection the user dragged out wins over the selected cell.
      if (!selection || window.getSelection()?.toString()) return;
      event.preventDefault();
      event.stopPropagation();
      copyCell();
      return;
    }
    if (['PageUp', 'PageDown', 'Home', 'End', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', ' '].includes(event.key)) {
      // Native scrolling, kept from the notebook's own cell-navigation keys.
      event.stopPropagation();
      if (el && factor > 1 && (event.key === 'PageUp' || event.key === 'PageDown')) {
        // Scaled scrolling: a native page step would skip rows, so step one screen of rows instead.
        event.preventDefault();
        el.scrollTop += ((event.key === 'PageDown' ? 1 : -1) * (el.clientHeight - HEADER_PX - ROW_PX)) / factor;
      }
    }
  };

  // At least 3ch, and room for the 1px border: one-digit counts were cut to '1…'.
  const rowNumberWidth = `calc(${Math.max(3, formatCount(Math.max(rowCount, 1)).length)}ch + 26px)`;
  const template = `${rowNumberWidth} repeat(${columns.length}, minmax(${MIN_COLUMN_PX}px, 1fr))`;
  const minWidth = `calc(${rowNumberWidth} + ${columns.length * MIN_COLUMN_PX}px)`;
  const rowStyle: CSSProperties = { ...styles.row, gridTemplateColumns: template, minWidth };

  return (
    <div style={styles.wrap}>
      <div style={styles.toolbar}>
        <span role="status" aria-live="polite" style={styles.status}>
          {status}
        </span>
        <button type="button" style={styles.button} onClick={copyCell} disabled={!selection}>
          Copy cell
        </button>
        <button type="button" style={styles.button} onClick={copyRow} disabled={!selection}>
          Copy row
        </button>
        {remote ? (
          <a href={remote.csvHref(sort)} download={`${table}.csv`} style={styles.button}>
            Export CSV
          </a>
        ) : (
          <button type="button" style={styles.button} onClick={() => void exportClicked()} disabled={exporting || columns.length === 0}>
            Export CSV
          </button>
        )}
      </div>
      {cache.error ? (
        <div role="alert" style={styles.error}>
          Could not read rows: {cache.error.message}
        </div>
      ) : null}
      <div
        ref={scroller}
        role="grid"
        aria-label={label}
        aria-rowcount={rowCount + 1}
        aria-colcount={columns.length + 1}
        aria-readonly="true"
        tabIndex={0}
        onKeyDown={onKeyDown}
        style={styles.scroller}
      >
        <div role="rowgroup" style={{ ...styles.header, minWidth }}>
          <div role="row" aria-rowindex={1} style={{ ...rowStyle, height: HEADER_PX }}>
            <div role="columnheader" aria-colindex={1} aria-label="Row number" style={{ ...styles.cell, ...styles.rowNumber, lineHeight: `${HEADER_PX}px` }}>
              #
            </div>
            {columns.map((column, i) => {
              const direction = sort?.column === column.name ? sort.direction : null;
              return (
                <div
                  key={column.name}
                  role="columnheader"
                  aria-colindex={i + 2}
                  aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
                  style={styles.columnHeader}
                >
                  <button
                    type="button"
                    aria-label={`Sort by ${column.name}`}
                    title={`${column.name} (${column.type}): sort ascending, descending, then off`}
                    onClick={() => setSort(nextSort(sort, column.name))}
                    style={{ ...styles.sortButton, alignItems: numeric[i] ? 'flex-end' : 'flex-start' }}
                  >
                    <span style={styles.ellipsis}>
                      {column.name}
                      {direction ? <span style={styles.indicator}>{direction === 'asc' ? ' ▲' : ' ▼'}</span> : null}
                    </span>
                    <span style={styles.type}>{column.type}</span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" style={{ position: 'relative', height: rowCount === 0 ? 'auto' : spacerPx, minWidth }}>
          {rowCount === 0 ? <div style={styles.nothing}>No rows</div> : null}
          {items.map((item) => {
            const values = cache.row(item.index);
            return (
              <div
                key={item.index}
                role="row"
                aria-rowindex={item.index + 2}
                aria-busy={values ? undefined : true}
                style={{ ...rowStyle, ...styles.bodyRow, transform: `translateY(${drawnTop(item.start, realScrollTop, factor)}px)` }}
              >
                <div role="gridcell" aria-colindex={1} style={{ ...styles.cell, ...styles.rowNumber }}>
                  {formatCount(item.index + 1)}
                </div>
                {columns.map((column, i) => {
                  const selected = selection?.row === item.index && selection.column === i;
                  return (
                    <div
                      key={column.name}
                      role="gridcell"
                      aria-colindex={i + 2}
                      aria-selected={selected}
                      onClick={values ? () => setSelection({ row: item.index, column: i, values }) : undefined}
                      style={{ ...styles.cell, ...(numeric[i] ? styles.numeric : null), ...(selected ? styles.selected : null) }}
                    >
                      {values ? <CellValue value={values[i] ?? null} /> : <span aria-hidden="true" style={styles.placeholder} />}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
});

function CellValue({ value }: { value: string | null }): ReactNode {
  if (value === null) {
    return (
      <span style={styles.null} title="NULL: no value">
        NULL
      </span>
    );
  }
  if (value === '') {
    return (
      <span style={styles.empty} title="empty text">
        {"''"}
      </span>
    );
  }
  return <span title={value.length > 40 ? value : undefined}>{value}</span>;
}

const styles = {
  wrap: { borderTop: '1px solid var(--line)' },
  toolbar: { display: 'flex', alignItems: 'center', gap: 8, padding: '4px 10px', fontSize: 12.5, color: 'var(--ink-soft)' },
  status: { marginRight: 'auto', minWidth: 0, fontSize: 12, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  button: { font: 'inherit', padding: '2px 8px', border: '1px solid var(--line)', borderRadius: 6, background: 'var(--panel)', color: 'var(--ink)', cursor: 'pointer' },
  error: { margin: '0 10px 6px', padding: '6px 10px', borderRadius: 6, background: 'var(--danger-soft)', color: 'var(--danger)', fontSize: 12.5 },
  scroller: { position: 'relative', overflow: 'auto', maxHeight: VIEW_PX, font: '12.5px/1.4 var(--mono)', borderTop: '1px solid var(--line)' },
  header: { position: 'sticky', top: 0, zIndex: 1, height: HEADER_PX, background: '#f4f4f2', borderBottom: '1px solid var(--line)', boxSizing: 'border-box' },
  row: { display: 'grid', height: ROW_PX, alignItems: 'stretch' },
  bodyRow: { position: 'absolute', top: 0, left: 0, right: 0, borderBottom: '1px solid #f0f0ee', boxSizing: 'border-box' },
  cell: { padding: '0 12px', overflow: 'hidden', whiteSpace: 'pre', textOverflow: 'ellipsis', lineHeight: `${ROW_PX - 1}px`, cursor: 'cell' },
  numeric: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  selected: { boxShadow: 'inset 0 0 0 2px var(--accent)', background: 'var(--accent-soft)' },
  rowNumber: { color: 'var(--ink-soft)', textAlign: 'right', background: '#fafaf8', borderRight: '1px solid var(--line)', cursor: 'default', fontVariantNumeric: 'tabular-nums' },
  columnHeader: { overflow: 'hidden', minWidth: 0 },
  sortButton: {
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'center',
    width: '100%',
    height: '100%',
    padding: '0 12px',
    border: 0,
    background: 'transparent',
    font: 'inherit',
    fontWeight: 600,
    color: 'var(--ink)',
    cursor: 'pointer',
    whiteSpace: 'nowrap',
    lineHeight: 1.3,
  },
  ellipsis: { maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis' },
  type: { maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', fontWeight: 400, fontSize: 11, color: 'var(--ink-soft)' },
  indicator: { color: 'var(--accent)' },
  null: { display: 'inline-block', padding: '0 5px', lineHeight: '16px', borderRadius: 4, background: '#eef0f2', color: '#7b858e', fontSize: 10.5, fontStyle: 'italic', letterSpacing: '0.04em' },
  empty: { color: '#b4bbc1' },
  placeholder: { display: 'inline-block', width: '60%', height: 8, borderRadius: 4, background: '#efefed', verticalAlign: 'middle' },
  nothing: { padding: '10px 12px', color: 'var(--ink-soft)' },
} satisfies Record<string, CSSProperties>;
