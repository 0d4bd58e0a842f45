'use client';

import { useRouter } from 'next/navigation';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

/** Moves production to `toVersion` — only if it is still `expectedVersion`, as this page shows it. */
export function RollbackButton({ pipelineId, toVersion, expectedVersion }: { pipelineId: string; toVersion: number; expectedVersion: number }) {
  const router = useRouter();
  const { busy, error, run } = useAction();
  return (
    <>
      <button
        disabled={busy}
        onClick={() =>
          void run(async () => {
            await api(`/api/pipelines/${pipelineId}/rollback`, { method: 'POST', body: { toVersion, expectedVersion } });
            router.refresh();
          })
        }
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
