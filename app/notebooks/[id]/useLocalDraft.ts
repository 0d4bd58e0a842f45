'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { clearDraft, draftDiffers, loadDraft, saveDraft, type Draft } from '@/lib/client/drafts';
import type { NotebookContent } from './useAutosave';

type Server = NotebookContent & { revision: number };

/**
 * Keeps unsaved edits in IndexedDB so a reload or a crash loses nothing: written while the notebook
 * has unsaved changes, cleared once the server has them. A draft found on open that differs from the
 * server's revision is offered back.
 */
export function useLocalDraft(notebookId: string, current: Server, saved: boolean, enabled: boolean) {
  const [offer, setOffer] = useState<Draft | null>(null);
  const [checked, setChecked] = useState(false);
  const initial = useRef(current);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    void loadDraft(notebookId)
      .then((draft) => {
        if (cancelled) return;
        if (draft && draftDiffers(draft, initial.current)) setOffer(draft);
        setChecked(true);
      })
      .catch(() => setChecked(true));
    return () => {
      cancelled = true;
    };
  }, [notebookId, enabled]);

  const serialized = JSON.stringify({ cells: current.cells, sandbox: current.sandbox });
  useEffect(() => {
    // Until the user has answered an offered draft, it is not overwritten.
    if (!enabled || !checked || offer !== null) return;
    const timer = setTimeout(() => {
      if (saved) void clearDraft(notebookId);
      else {
        const content = JSON.parse(serialized) as NotebookContent;
        void saveDraft(notebookId, { baseRevision: current.revision, ...content, savedAt: new Date() });
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [serialized, saved, enabled, checked, offer, notebookId, current.revision]);

  const restore = useCallback(() => {
    const draft = offer;
    setOffer(null);
    return draft;
  }, [offer]);
  const discard = useCallback(() => {
    setOffer(null);
    void clearDraft(notebookId);
  }, [notebookId]);
  return { offer, restore, discard };
}
