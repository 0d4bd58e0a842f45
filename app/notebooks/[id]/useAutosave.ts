'use client';

import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '@/lib/client/api';
import type { Cell } from '@/lib/notebook/schema';

export type SaveState =
  | { kind: 'saved'; revision: number }
  | { kind: 'dirty'; revision: number }
  | { kind: 'saving'; revision: number }
  | { kind: 'conflict'; revision: number; theirRevision: number; theirCells: Cell[] }
  | { kind: 'failed'; revision: number; message: string };

const AUTOSAVE_DELAY_MS = 1000;

/** Saves the cells as a new revision after a short pause in editing. A conflict stops autosaving
 * until the user picks a version: nothing is overwritten silently. */
export function useAutosave(notebookId: string, initialRevision: number, cells: Cell[], enabled: boolean) {
  const [state, setState] = useState<SaveState>({ kind: 'saved', revision: initialRevision });
  const lastSaved = useRef(JSON.stringify(cells));
  const mutation = useMutation({
    mutationFn: (input: { baseRevision: number; cells: Cell[] }) =>
      api<{ revision: number }>(`/api/notebooks/${notebookId}/revisions`, { method: 'POST', body: input }),
  });

  const save = useCallback(
    async (baseRevision: number, toSave: Cell[]) => {
      setState({ kind: 'saving', revision: baseRevision });
      try {
        const { revision } = await mutation.mutateAsync({ baseRevision, cells: toSave });
        lastSaved.current = JSON.stringify(toSave);
        setState({ kind: 'saved', revision });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'revision_conflict') {
          const details = error.details as { currentRevision: number; cells: Cell[] };
          setState({ kind: 'conflict', revision: baseRevision, theirRevision: details.currentRevision, theirCells: details.cells });
        } else {
          setState({ kind: 'failed', revision: baseRevision, message: error instanceof Error ? error.message : 'save failed' });
        }
      }
    },
    [mutation],
  );

  const serialized = JSON.stringify(cells);
  useEffect(() => {
    if (!enabled || serialized === lastSaved.current) return;
    if (state.kind === 'conflict' || state.kind === 'saving') return;
    setState((s) => (s.kind === 'dirty' ? s : { kind: 'dirty', revision: s.revision }));
    const timer = setTimeout(() => void save(state.revision, JSON.parse(serialized) as Cell[]), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [serialized, enabled, state.kind, state.revision, save]);

  /** Keep my version: save it on top of the revision that won. */
  const keepMine = useCallback(() => {
    if (state.kind === 'conflict') void save(state.theirRevision, cells);
  }, [state, cells, save]);

  /** Take their version; returns their cells so the caller can show them. */
  const takeTheirs = useCallback((): Cell[] | null => {
    if (state.kind !== 'conflict') return null;
    lastSaved.current = JSON.stringify(state.theirCells);
    setState({ kind: 'saved', revision: state.theirRevision });
    return state.theirCells;
  }, [state]);

  return { state, saveNow: () => save(state.revision, cells), keepMine, takeTheirs };
}
