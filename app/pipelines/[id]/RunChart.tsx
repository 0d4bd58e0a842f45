'use client';

import { useEffect, useRef, useState } from 'react';
import type { VisualizationSpec } from 'vega-embed';
import { EMBED_OPTIONS } from '@/lib/chart/embed';

export type RunPoint = { run: number; seconds: number | null; rows: number | null; status: string };

/** Durations and rows written over the runs on this page, as two layered Vega-Lite marks. */
export function RunChart({ points }: { points: RunPoint[] }) {
  const target = useRef<HTMLDivElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const key = JSON.stringify(points);
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const values = JSON.parse(key) as RunPoint[];
    const spec = {
      width: 'container',
      height: 140,
      data: { values },
      encoding: { x: { field: 'run', type: 'ordinal', title: 'run' } },
      layer: [
        { mark: { type: 'bar', opacity: 0.6 }, encoding: { y: { field: 'seconds', type: 'quantitative', title: 'duration (s)' }, color: { field: 'status', type: 'nominal' } } },
        { mark: { type: 'line', point: true, color: '#333' }, encoding: { y: { field: 'rows', type: 'quantitative', title: 'rows written' } } },
      ],
      resolve: { scale: { y: 'independent' } },
    };
    let finalize: (() => void) | null = null;
    let current = true;
    import('vega-embed')
      .then(({ default: embed }) => embed(element, spec as VisualizationSpec, EMBED_OPTIONS))
      .then((result) => {
        if (current) finalize = result.finalize;
        else result.finalize();
      })
      .catch((error: unknown) => current && setMessage(error instanceof Error ? error.message : String(error)));
    return () => {
      current = false;
      finalize?.();
    };
  }, [key]);
  return (
    <figure aria-label="Run durations and rows" style={{ margin: 0 }}>
      <div ref={target} style={{ width: '100%' }} />
      {message && <p role="alert" className="form-error">{message}</p>}
    </figure>
  );
}
