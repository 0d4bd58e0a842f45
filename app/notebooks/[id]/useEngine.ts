'use client';

import { useEffect, useState } from 'react';
import { browserEngine } from '@/lib/client/engine';
import type { Engine } from '@/lib/engine/types';
import { GRID_PAGE_ROWS } from '@/lib/grid/page-query';
import { NotebookRunner, type Schedule } from '@/lib/notebook/runner';
import { runChecks, type CheckResult } from '@/lib/quality/checks';

// The one place the page acquires the browser's engine: the badge's state and the runner's engine.

export type EngineState = { status: 'starting' } | { status: 'ready'; engine: Engine; version: string } | { status: 'failed'; message: string };

export function useEngine(): EngineState {
  const [state, setState] = useState<EngineState>({ status: 'starting' });
  useEffect(() => {
    browserEngine()
      .then(async (engine) => {
        const { rows } = await engine.query('SELECT version()', { exactTypes: false, interruptible: false });
        setState({ status: 'ready', engine, version: String(rows[0]?.[0] ?? '') });
      })
      .catch((error: unknown) => setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) }));
  }, []);
  return state;
}

/** How often at most the runner's changes reach the screen. Every frame would be ~60 renders a second
 * in a Run all of quick cells, each with its own layout and paint on a main thread that also has to
 * answer the engine's worker; 25 a second still reads as live (bench/run-all.ts). */
const FLUSH_EVERY_MS = 40;

/** Flushes on an animation frame, and no sooner than `minIntervalMs` after the previous flush unless
 * the flush is urgent (a waiting one is then brought forward to the next frame). */
function frameSchedule(minIntervalMs: number): Schedule {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let framed = false;
  return (flush, urgent) => {
    const frame = () => {
      timer = null;
      if (framed) return;
      framed = true;
      requestAnimationFrame((now) => {
        framed = false;
        last = now;
        flush();
      });
    };
    if (timer !== null && urgent) clearTimeout(timer);
    else if (timer !== null || framed) return;
    const wait = urgent ? 0 : last + minIntervalMs - performance.now();
    if (wait > 0) timer = setTimeout(frame, wait);
    else frame();
  };
}

/** The page's runner: it tells the page about changes in batches (frameSchedule), so a run of many
 * quick cells renders at a steady pace, not once per cell state; each SQL cell's run also reads the
 * grid's first page. */
export function useNotebookRunner(): NotebookRunner<CheckResult> {
  const [runner] = useState(() => new NotebookRunner<CheckResult>(browserEngine, runChecks, frameSchedule(FLUSH_EVERY_MS), GRID_PAGE_ROWS));
  return runner;
}
