'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

/** Send a test, disable or enable, delete: each refreshes the page so the log and the list show it. */
export function WebhookActions({ id, label, enabled }: { id: string; label: string; enabled: boolean }) {
  const router = useRouter();
  const [result, setResult] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const act = (action: () => Promise<unknown>, done?: string) =>
    void run(async () => {
      await action();
      setResult(done ?? null);
      router.refresh();
    });
  return (
    <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
      {enabled && (
        <button type="button" disabled={busy} aria-label={`Send test to ${label}`} onClick={() => act(() => api(`/api/alerts/webhooks/${id}/test`, { method: 'POST', body: {} }), 'Test queued.')}>
          Send test
        </button>
      )}
      <button type="button" disabled={busy} aria-label={`${enabled ? 'Disable' : 'Enable'} ${label}`} onClick={() => act(() => api(`/api/alerts/webhooks/${id}`, { method: 'PATCH', body: { enabled: !enabled } }))}>
        {enabled ? 'Disable' : 'Enable'}
      </button>
      <button
        type="button"
        disabled={busy}
        aria-label={`Delete ${label}`}
        onClick={() => {
          if (window.confirm(`Delete the webhook ${label}? Nothing is delivered to it again.`)) act(() => api(`/api/alerts/webhooks/${id}`, { method: 'DELETE' }).then(() => router.push('/alerts/webhooks')));
        }}
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
