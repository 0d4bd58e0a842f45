'use client';

import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { CellRunState, NotebookRunner, RunnerSnapshot } from '@/lib/notebook/runner';
import type { CheckResult } from '@/lib/quality/checks';

type Runner = NotebookRunner<CheckResult>;
type Run = CellRunState<CheckResult> | null;

/** One cell's run state: the component re-renders when that cell changes, not when any cell does. */
export function useCellRun(runner: Runner, cellId: string | undefined): Run {
  return useCellRunValue(runner, cellId, (run) => run);
}

/** A value derived from one cell's run state: the component re-renders only when that value changes
 * (field by field for a plain object), so a cell's status can change without its editor or grid
 * rendering again. */
export function useCellRunValue<T>(runner: Runner, cellId: string | undefined, select: (run: Run) => T): T {
  const subscribe = useCallback((listener: () => void) => (cellId === undefined ? () => undefined : runner.subscribeCell(cellId, listener)), [runner, cellId]);
  const cache = useRef<{ value: T } | null>(null);
  const get = () => {
    const value = select(cellId === undefined ? null : runner.cell(cellId));
    if (cache.current === null || !shallowEqual(cache.current.value, value)) cache.current = { value };
    return cache.current.value;
  };
  return useSyncExternalStore(subscribe, get, get);
}

function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
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
