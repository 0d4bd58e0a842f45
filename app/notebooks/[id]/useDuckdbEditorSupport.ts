'use client';

import { useEffect, useState } from 'react';
import { holdMonaco, loadMonaco, releaseMonaco } from '@/lib/client/monaco';
import { loadDuckdbWords } from '@/lib/editor/duckdb-words';
import type { EngineState } from './useEngine';

/** How long after the engine is up the editors wait at most for the first run (a slow cell, a big sandbox). */
const EDITORS_WAIT_AT_MOST_MS = 2_000;

/**
 * Monaco, and DuckDB's words for it, come once the notebook has opened (`opened`: its first results
 * are in), its engine has failed, or the user clicks a cell's text. Monaco's load would compete with
 * DuckDB's compile for the CPU (holdMonaco), and reading the words costs a fresh engine ~150 ms the
 * first run would wait behind. Plain SQL highlighting stays if the words never come.
 */
export function useDuckdbEditorSupport(engineState: EngineState, opened: Promise<void>) {
  // In the first render, before any editor's effect asks for Monaco.
  useState(() => holdMonaco(opened));
  useEffect(() => {
    if (engineState.status === 'failed') releaseMonaco();
    if (engineState.status !== 'ready') return;
    const timer = setTimeout(releaseMonaco, EDITORS_WAIT_AT_MOST_MS);
    return () => clearTimeout(timer);
  }, [engineState.status]);

  const engine = engineState.status === 'ready' ? engineState.engine : null;
  useEffect(() => {
    if (engine === null) return;
    let cancelled = false;
    void opened
      .then(() => Promise.all([loadMonaco(), loadDuckdbWords(engine), import('@/lib/client/monaco-duckdb')]))
      .then(([monaco, words, support]) => {
        if (!cancelled) support.registerDuckdbLanguage(monaco, words);
      })
      .catch(() => undefined); // plain SQL highlighting stays
    return () => {
      cancelled = true;
    };
  }, [engine, opened]);
}
