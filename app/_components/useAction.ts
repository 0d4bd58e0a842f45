'use client';

import { useCallback, useState } from 'react';

/** One user action at a time against the API: `busy` while it runs, its failure as `error` (cleared
 * when the next one starts), so a refused request shows its message instead of being lost. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
