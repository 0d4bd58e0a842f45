'use client';

import { useRouter } from 'next/navigation';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

/** Marks one notification (or all of them) read, then refreshes the page and the top bar's count. */
export function MarkReadButton({ ids, label }: { ids: number[] | 'all'; label: string }) {
  const router = useRouter();
  const { busy, error, run } = useAction();
  return (
    <>
      <button
        type="button"
        className="ghost"
        disabled={busy}
        onClick={() =>
          run(async () => {
            await api('/api/notifications/read', { method: 'POST', body: { ids } });
            router.refresh();
          })
        }
      >
        {label}
      </button>
      {error && (
        <span role="alert" className="form-error">
          {error}
        </span>
      )}
    </>
  );
}
