'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/client/api';

/** Moves production to `toVersion` — only if it is still `expectedVersion`, as this page shows it. */
export function RollbackButton({ pipelineId, toVersion, expectedVersion }: { pipelineId: string; toVersion: number; expectedVersion: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await api(`/api/pipelines/${pipelineId}/rollback`, { method: 'POST', body: { toVersion, expectedVersion } });
            router.refresh();
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {toVersion < expectedVersion ? 'Roll back' : 'Roll forward'} to version {toVersion}
      </button>
      {error && (
        <span role="alert" className="form-error" style={{ marginLeft: 8 }}>
          {error}
        </span>
      )}
    </>
  );
}
