'use client';

import { useEffect } from 'react';
import { loadMonaco } from '@/lib/client/monaco';
import type { Engine } from '@/lib/engine/types';
import { loadDuckdbWords } from '@/lib/editor/duckdb-words';

/** Once the engine is up: highlighting and completion words come from DuckDB's own catalogs. */
export function useDuckdbEditorSupport(engine: Engine | null) {
  useEffect(() => {
    if (engine === null) return;
    let cancelled = false;
    void Promise.all([loadMonaco(), loadDuckdbWords(engine), import('@/lib/client/monaco-duckdb')])
      .then(([monaco, words, support]) => {
        if (!cancelled) support.registerDuckdbLanguage(monaco, words);
      })
      .catch(() => undefined); // plain SQL highlighting stays
    return () => {
      cancelled = true;
    };
  }, [engine]);
}
