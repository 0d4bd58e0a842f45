'use client';

import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { CellRunState, NotebookRunner, RunnerSnapshot } from '@/lib/notebook/runner';
import type { CheckResult } from '@/lib/quality/checks';

type Runner = NotebookRunner<CheckResult>;

/** One cell's run state: the component re-renders when that cell changes, not when any cell does. */
export function useCellRun(runner: Runner, cellId: string | undefined): CellRunState<CheckResult> | null {
  const subscribe = useCallback((listener: () => void) => (cellId === undefined ? () => undefined : runner.subscribeCell(cellId, listener)), [runner, cellId]);
  const get = () => (cellId === undefined ? null : runner.cell(cellId));
  return useSyncExternalStore(subscribe, get, get);
}

/** A value derived from the whole runner state, kept (same object) while its JSON does not change. */
export function useRunnerSelector<T>(runner: Runner, select: (snapshot: RunnerSnapshot<CheckResult>) => T): T {
  const cache = useRef<{ key: string; value: T } | null>(null);
  const get = () => {
    const value = select(runner.getSnapshot());
    const key = JSON.stringify(value);
    if (cache.current?.key !== key) cache.current = { key, value };
    return cache.current.value;
  };
  return useSyncExternalStore(runner.subscribe, get, get);
}
