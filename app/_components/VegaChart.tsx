'use client';

import { useEffect, useRef, useState } from 'react';
import type { VisualizationSpec } from 'vega-embed';
import { EMBED_OPTIONS } from '@/lib/chart/embed';

/** One Vega-Lite chart with its data inline, embedded once per content change (vega-embed is loaded
 * on first use); a spec Vega refuses shows its message. `caption` is shown above it. */
export function VegaChart({ label, spec, caption }: { label: string; spec: Record<string, unknown>; caption?: string }) {
  const target = useRef<HTMLDivElement>(null);
  const [message, setMessage] = useState<string | null>(null);
  const key = JSON.stringify(spec);
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    let finalize: (() => void) | null = null;
    let current = true;
    import('vega-embed')
      .then(({ default: embed }) => embed(element, JSON.parse(key) as VisualizationSpec, EMBED_OPTIONS))
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
      {caption && (
        <figcaption className="muted" style={{ fontSize: 13 }}>
          {caption}
        </figcaption>
      )}
      <div ref={target} style={{ width: '100%' }} />
      {message && <p role="alert" className="form-error">{message}</p>}
    </figure>
  );
}
