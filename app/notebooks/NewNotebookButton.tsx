'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/client/api';

export function NewNotebookButton() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <div>
      <button
        className="primary"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          try {
            const { notebook } = await api<{ notebook: { id: string } }>('/api/notebooks', { method: 'POST', body: { title: 'Untitled notebook' } });
            router.push(`/notebooks/${notebook.id}`);
          } catch (e) {
            setError(e instanceof Error ? e.message : 'could not create the notebook');
            setPending(false);
          }
        }}
      >
        New notebook
      </button>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </div>
  );
}
