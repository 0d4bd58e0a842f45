'use client';

import { VegaChart } from '@/app/_components/VegaChart';

export type RunPoint = { run: number; seconds: number | null; rows: number | null; status: string };

/** Durations and rows written over the runs on this page, as two layered Vega-Lite marks. */
export function RunChart({ points }: { points: RunPoint[] }) {
  const spec = {
    width: 'container',
    height: 140,
    data: { values: points },
    encoding: { x: { field: 'run', type: 'ordinal', title: 'run' } },
    layer: [
      { mark: { type: 'bar', opacity: 0.6 }, encoding: { y: { field: 'seconds', type: 'quantitative', title: 'duration (s)' }, color: { field: 'status', type: 'nominal' } } },
      { mark: { type: 'line', point: true, color: '#333' }, encoding: { y: { field: 'rows', type: 'quantitative', title: 'rows written' } } },
    ],
    resolve: { scale: { y: 'independent' } },
    };
  return <VegaChart label="Run durations and rows" spec={spec} />;
}
