'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

/** A POST that answers `{ message }` (run now, retry, verify): the message stays beside the button. */
export function RunButton({ href, label }: { href: string; label: string }) {
  const router = useRouter();
  const { busy, error, run } = useAction();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
      <button
        disabled={busy}
        onClick={() =>
          void run(async () => {
            setMessage(null);
            const answer = await api<{ message: string }>(href, { method: 'POST', body: href.endsWith('/runs') ? { from: 'page' } : {} });
            setMessage(answer.message);
            router.refresh();
          })
        }
      >
        {label}
      </button>
      {message && (
        <span role="status" className="muted">
          {message}
        </span>
      )}
      {error && (
        <span role="alert" className="form-error">
          {error}
        </span>
      )}
    </span>
  );
}
