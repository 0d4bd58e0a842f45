'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { ApiError } from '@/lib/client/api';

const SENT_AS = new Set(['text/csv', 'application/vnd.ms-excel', 'application/vnd.apache.parquet', 'application/x-parquet']);

/** Uploads a CSV or Parquet file as a table of a files connection (or a new version of one). */
export function UploadFile({ connectionId, connectionName }: { connectionId: string; connectionName: string }) {
  const router = useRouter();
  const { busy, error, run } = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [table, setTable] = useState('');
  const [done, setDone] = useState<string | null>(null);
  return (
    <form
      aria-label={`Upload to ${connectionName}`}
      style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap', marginTop: 6 }}
      onSubmit={(e) => {
        e.preventDefault();
        if (!file) return;
        void run(async () => {
          setDone(null);
          const response = await fetch(`/api/connections/${connectionId}/files?table=${encodeURIComponent(table)}`, {
            method: 'POST',
            headers: { 'content-type': SENT_AS.has(file.type) ? file.type : 'application/octet-stream' },
            body: file,
          });
          const answer = (await response.json().catch(() => null)) as { table?: string; format?: string; columns?: unknown[]; error?: { code: string; message: string } } | null;
          if (!response.ok) throw new ApiError(response.status, answer?.error?.code ?? 'http_error', answer?.error?.message ?? `upload failed with status ${response.status}`);
          setDone(`Stored ${answer?.table} (${answer?.format}, ${answer?.columns?.length} columns): bind it, or load its dataset again`);
          router.refresh();
        });
      }}
    >
      <input
        type="file"
        aria-label="File (CSV or Parquet)"
        accept=".csv,.parquet,text/csv"
        onChange={(e) => {
          const chosen = e.target.files?.[0] ?? null;
          setFile(chosen);
          if (chosen && !table) setTable(chosen.name.replace(/\.(csv|parquet)$/i, '').toLowerCase().replace(/[^a-z0-9_]+/g, '_'));
        }}
      />
      <input aria-label="Table name" className="mono" value={table} onChange={(e) => setTable(e.target.value)} placeholder="table_name" size={16} />
      <button disabled={busy || !file || !table}>Upload</button>
      {done && <span role="status">{done}</span>}
      {error && (
        <span role="alert" className="form-error">
          {error}
        </span>
      )}
    </form>
  );
}
