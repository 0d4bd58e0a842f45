'use client';

import { useMemo, useState, type KeyboardEvent } from 'react';
import type { GraphTable, LineageGraph } from '@/lib/lineage/graph';
import { HEADER_HEIGHT, layoutGraph, ROW_HEIGHT, type PlacedTable } from '@/lib/lineage/layout';

const KIND_COLOR: Record<GraphTable['kind'], string> = { source: '#e8eef7', model: 'var(--panel)', output: 'var(--accent-soft)' };

function pathOf(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

function rowY(table: PlacedTable, index: number): number {
  return table.y + HEADER_HEIGHT + index * ROW_HEIGHT + ROW_HEIGHT / 2;
}

/** Sources → models → outputs as an SVG drawn from a dagre layout; each table opens to its columns,
 * PII/secret columns are marked, and the direct column lineage between open tables is drawn. */
export function LineageDiagram({ graph }: { graph: LineageGraph }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const layout = useMemo(() => layoutGraph(graph, expanded), [graph, expanded]);
  const toggle = (name: string) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const onKey = (name: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      toggle(name);
    }
  };
  const columnEdges = graph.columnEdges.flatMap((edge) => {
    const from = layout.tables.get(edge.from.table);
    const to = layout.tables.get(edge.to.table);
    if (!from || !to || !expanded.has(edge.from.table) || !expanded.has(edge.to.table)) return [];
    const fromIndex = graph.tables.find((t) => t.name === edge.from.table)?.columns.findIndex((c) => c.name === edge.from.column) ?? -1;
    const toIndex = graph.tables.find((t) => t.name === edge.to.table)?.columns.findIndex((c) => c.name === edge.to.column) ?? -1;
    if (fromIndex < 0 || toIndex < 0) return [];
    const x1 = from.x + from.width;
    const x2 = to.x;
    const y1 = rowY(from, fromIndex);
    const y2 = rowY(to, toIndex);
    const mid = (x1 + x2) / 2;
    return [{ key: `${edge.from.table}.${edge.from.column}>${edge.to.table}.${edge.to.column}`, d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, masked: edge.masked }];
  });

  return (
    <figure style={{ margin: 0 }}>
      <svg
        role="img"
        aria-label="Lineage graph"
        width={Math.max(layout.width, 300)}
        height={Math.max(layout.height, 120)}
        style={{ display: 'block', maxWidth: '100%', height: 'auto', fontFamily: 'var(--sans)', fontSize: 12 }}
        viewBox={`0 0 ${Math.max(layout.width, 300)} ${Math.max(layout.height, 120)}`}
      >
        <defs>
          <marker id="lineage-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--ink-soft)" />
          </marker>
        </defs>
        {layout.edges.map((edge) => (
          <path key={`${edge.from}>${edge.to}`} d={pathOf(edge.points)} fill="none" stroke="var(--ink-soft)" strokeWidth={1.2} markerEnd="url(#lineage-arrow)" />
        ))}
        {columnEdges.map((edge) => (
          <path key={edge.key} d={edge.d} fill="none" stroke={edge.masked ? 'var(--accent)' : '#7b8fb8'} strokeDasharray={edge.masked ? '4 3' : undefined} strokeWidth={1} opacity={0.8} />
        ))}
        {graph.tables.map((table) => {
          const placed = layout.tables.get(table.name);
          if (!placed) return null;
          const open = expanded.has(table.name);
          const sensitive = table.columns.filter((c) => c.sensitivity !== null).length;
          return (
            <g key={table.name} role="group" aria-label={`${table.kind} ${table.name}`}>
              <rect x={placed.x} y={placed.y} width={placed.width} height={placed.height} rx={6} fill={KIND_COLOR[table.kind]} stroke={table.error ? 'var(--danger)' : 'var(--line)'} strokeWidth={1.2} />
              <g
                role="button"
                tabIndex={0}
                aria-expanded={open}
                aria-label={`Columns of ${table.name}`}
                onClick={() => toggle(table.name)}
                onKeyDown={onKey(table.name)}
                style={{ cursor: 'pointer' }}
              >
                <rect x={placed.x} y={placed.y} width={placed.width} height={HEADER_HEIGHT} rx={6} fill="transparent" />
                <text x={placed.x + 10} y={placed.y + 19} fontWeight={600} fill="var(--ink)">
                  {open ? '▾' : '▸'} {table.name}
                </text>
                <text x={placed.x + 24} y={placed.y + 35} fontSize={11} fill="var(--ink-soft)">
                  {table.kind} · {table.columns.length} col{sensitive > 0 ? ` · ${sensitive} PII` : ''}
                  {table.error ? ' · lineage unknown' : ''}
                </text>
              </g>
              {open &&
                table.columns.map((column, i) => (
                  <g key={column.name} aria-label={`${table.name}.${column.name}${column.sensitivity ? ` (${column.sensitivity})` : ''}${column.unknown ? ' (lineage unknown)' : ''}`}>
                    <title>{column.paths.length > 0 ? column.paths.join('\n') : `${column.name} ${column.type}`}</title>
                    <text x={placed.x + 14} y={rowY(placed, i) + 4} fill={column.sensitivity ? 'var(--danger)' : 'var(--ink)'} fontFamily="var(--mono)">
                      {column.name}
                      {column.unknown ? ' ?' : ''}
                    </text>
                    {column.sensitivity && (
                      <>
                        <rect x={placed.x + placed.width - 62} y={rowY(placed, i) - 8} width={52} height={15} rx={3} fill="var(--danger-soft)" stroke="var(--danger)" strokeWidth={0.8} />
                        <text x={placed.x + placed.width - 36} y={rowY(placed, i) + 3} textAnchor="middle" fontSize={10} fontWeight={600} fill="var(--danger)">
                          {column.sensitivity.toUpperCase()}
                        </text>
                      </>
                    )}
                  </g>
                ))}
            </g>
          );
        })}
      </svg>
      <figcaption style={{ color: 'var(--ink-soft)', marginTop: 8 }}>
        Open a table to see its columns. Red columns are PII or secret (in a model: carried there unmasked, hover for the path); <code>?</code> marks lineage the analysis
        could not resolve, which counts as carrying every column its model reads. Dashed column edges pass through a masking function.
      </figcaption>
    </figure>
  );
}
