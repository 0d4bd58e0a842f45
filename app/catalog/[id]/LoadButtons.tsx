'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

/** Starts a load; while one is queued or running the page refreshes itself until the job ends. */
export function LoadButtons({ datasetId, incremental, pending }: { datasetId: string; incremental: boolean; pending: boolean }) {
  const router = useRouter();
  const { busy, error, run } = useAction();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), 1_000);
    return () => clearInterval(timer);
  }, [pending, router]);
  const load = (mode: 'full' | 'incremental') =>
    void run(async () => {
      await api(`/api/catalog/datasets/${datasetId}/loads`, { method: 'POST', body: { mode, trigger: 'manual' } });
      router.refresh();
    });
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
      <button type="button" disabled={busy || pending} onClick={() => load('full')}>
        Full load
      </button>
      {incremental && (
        <button type="button" disabled={busy || pending} onClick={() => load('incremental')}>
          Incremental load
        </button>
      )}
      {pending && <span className="muted">loading…</span>}
      {error && (
        <span role="alert" className="form-error">
          {error}
        </span>
      )}
    </div>
  );
}
