'use client';

import { useEffect, useState } from 'react';
import { browserEngine } from '@/lib/client/engine';
import type { Engine } from '@/lib/engine/types';
import { NotebookRunner } from '@/lib/notebook/runner';
import { runChecks, type CheckResult } from '@/lib/quality/checks';

// The one place the page acquires the browser's engine: the badge's state and the runner's engine.

export type EngineState = { status: 'starting' } | { status: 'ready'; engine: Engine; version: string } | { status: 'failed'; message: string };

export function useEngine(): EngineState {
  const [state, setState] = useState<EngineState>({ status: 'starting' });
  useEffect(() => {
    browserEngine()
      .then(async (engine) => {
        const { rows } = await engine.query('SELECT version()');
        setState({ status: 'ready', engine, version: String(rows[0]?.[0] ?? '') });
      })
      .catch((error: unknown) => setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) }));
  }, []);
  return state;
}

/** The page's runner; it tells the page about changes once per animation frame, so a run of many
 * quick cells renders at the screen's pace, not once per cell state. */
export function useNotebookRunner(): NotebookRunner<CheckResult> {
  const [runner] = useState(() => new NotebookRunner<CheckResult>(browserEngine, runChecks, (flush) => requestAnimationFrame(flush)));
  return runner;
}
