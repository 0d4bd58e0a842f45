'use client';

import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '@/lib/client/api';
import type { Cell } from '@/lib/notebook/schema';
import type { SandboxSpec } from '@/lib/synth/spec';

/** What a revision holds: the cells and the sandbox input they run on. */
export type NotebookContent = { cells: Cell[]; sandbox: SandboxSpec | null };

export type SaveState =
  | { kind: 'saved'; revision: number }
  | { kind: 'dirty'; revision: number }
  | { kind: 'saving'; revision: number }
  | { kind: 'conflict'; revision: number; theirRevision: number; theirs: NotebookContent }
  | { kind: 'failed'; revision: number; message: string };

const AUTOSAVE_DELAY_MS = 1000;
/** After a failed save (server down, connection lost) the failure stays visible and the save is
 * retried at this pace; the edits stay in the tab and in the local draft meanwhile. */
const RETRY_DELAY_MS = 5000;

/** Saves the content as a new revision after a short pause in editing. A conflict stops autosaving
 * until the user picks a version: nothing is overwritten silently. */
export function useAutosave(notebookId: string, initialRevision: number, content: NotebookContent, enabled: boolean) {
  const [state, setState] = useState<SaveState>({ kind: 'saved', revision: initialRevision });
  const lastSaved = useRef(JSON.stringify(content));
  const { mutateAsync } = useMutation({
    mutationFn: (input: { baseRevision: number } & NotebookContent) =>
      api<{ revision: number }>(`/api/notebooks/${notebookId}/revisions`, { method: 'POST', body: input }),
  });

  const save = useCallback(
    async (baseRevision: number, toSave: NotebookContent) => {
      setState({ kind: 'saving', revision: baseRevision });
      try {
        const { revision } = await mutateAsync({ baseRevision, ...toSave });
        lastSaved.current = JSON.stringify(toSave);
        setState({ kind: 'saved', revision });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'revision_conflict') {
          const details = error.details as { currentRevision: number; cells: Cell[]; sandbox: SandboxSpec | null };
          setState({
            kind: 'conflict',
            revision: baseRevision,
            theirRevision: details.currentRevision,
            theirs: { cells: details.cells, sandbox: details.sandbox ?? null },
          });
        } else {
          setState({ kind: 'failed', revision: baseRevision, message: error instanceof Error ? error.message : 'save failed' });
        }
      }
    },
    [mutateAsync],
  );

  const serialized = JSON.stringify(content);
  useEffect(() => {
    if (!enabled || serialized === lastSaved.current) {
      if (serialized === lastSaved.current) setState((s) => (s.kind === 'dirty' ? { kind: 'saved', revision: s.revision } : s));
      return;
    }
    if (state.kind === 'conflict' || state.kind === 'saving') return;
    if (state.kind !== 'failed') setState((s) => (s.kind === 'dirty' ? s : { kind: 'dirty', revision: s.revision }));
    const delay = state.kind === 'failed' ? RETRY_DELAY_MS : AUTOSAVE_DELAY_MS;
    const timer = setTimeout(() => void save(state.revision, JSON.parse(serialized) as NotebookContent), delay);
    return () => clearTimeout(timer);
  }, [serialized, enabled, state.kind, state.revision, save]);

  /** Keep my version: save it on top of the revision that won. */
  const keepMine = useCallback(() => {
    if (state.kind === 'conflict') void save(state.theirRevision, content);
  }, [state, content, save]);

  /** Take their version; returns it so the caller can show it. */
  const takeTheirs = useCallback((): NotebookContent | null => {
    if (state.kind !== 'conflict') return null;
    lastSaved.current = JSON.stringify(state.theirs);
    setState({ kind: 'saved', revision: state.theirRevision });
    return state.theirs;
  }, [state]);

  return { state, keepMine, takeTheirs };
}
