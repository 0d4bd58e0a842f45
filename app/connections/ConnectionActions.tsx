'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

export function ConnectionActions({ id, name, disabled }: { id: string; name: string; disabled: boolean }) {
  const router = useRouter();
  const [result, setResult] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  return (
    <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
      {!disabled && (
        <button
          type="button"
          disabled={busy}
          aria-label={`Test ${name}`}
          onClick={() =>
            void run(async () => {
              const r = await api<{ ok: boolean; message?: string }>(`/api/connections/${id}/test`, { method: 'POST', body: {} });
              setResult(r.ok ? 'works' : `failed: ${r.message}`);
            })
          }
        >
          Test
        </button>
      )}
      {!disabled && (
        <button
          type="button"
          disabled={busy}
          aria-label={`Disable ${name}`}
          onClick={() =>
            void run(async () => {
              await api(`/api/connections/${id}/disable`, { method: 'POST', body: {} });
              router.refresh();
            })
          }
        >
          Disable
        </button>
      )}
      <button
        type="button"
        disabled={busy}
        aria-label={`Delete ${name}`}
        onClick={() =>
          void run(async () => {
            await api(`/api/connections/${id}`, { method: 'DELETE' });
            router.refresh();
          })
        }
      >
        Delete
      </button>
      {result && <span role="status">{result}</span>}
      {error && (
        <span role="alert" className="form-error">
          {error}
        </span>
      )}
    </div>
  );
}
