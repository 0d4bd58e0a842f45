'use client';

import { useEffect, useRef, useState } from 'react';
import type { VisualizationSpec } from 'vega-embed';
import { EMBED_OPTIONS } from '@/lib/chart/embed';

/** One Vega-Lite chart of rows the server already aggregated; `spec` without its data. */
export function HealthChart({ label, spec, values }: { label: string; spec: Record<string, unknown>; values: Record<string, unknown>[] }) {
  const target = useRef<HTMLDivElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const key = JSON.stringify({ spec, values });
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const parsed = JSON.parse(key) as { spec: Record<string, unknown>; values: Record<string, unknown>[] };
    const full = { width: 'container', height: 160, ...parsed.spec, data: { values: parsed.values } };
    let finalize: (() => void) | null = null;
    let current = true;
    import('vega-embed')
      .then(({ default: embed }) => embed(element, full as VisualizationSpec, EMBED_OPTIONS))
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
    <figure aria-label={label} style={{ margin: 0 }}>
      <figcaption className="muted" style={{ fontSize: 13 }}>
        {label}
      </figcaption>
      <div ref={target} style={{ width: '100%' }} />
      {message && <p role="alert" className="form-error">{message}</p>}
    </figure>
  );
}
