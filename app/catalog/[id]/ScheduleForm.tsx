'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

/** The dataset's load schedule as a cron pattern in UTC; empty means by hand only. */
export function ScheduleForm({ datasetId, current }: { datasetId: string; current: string | null }) {
  const router = useRouter();
  const [value, setValue] = useState(current ?? '');
  const { busy, error, run } = useAction();
  return (
    <form
      aria-label="Load schedule"
      style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await api(`/api/catalog/datasets/${datasetId}/schedule`, { method: 'PUT', body: { schedule: value.trim() || null } });
          router.refresh();
        });
      }}
    >
      <label htmlFor="load-schedule">Schedule (cron, UTC)</label>
      <input id="load-schedule" value={value} placeholder="by hand only" onChange={(e) => setValue(e.target.value)} style={{ width: 160 }} />
      <button type="submit" disabled={busy || value.trim() === (current ?? '')}>
        Save schedule
      </button>
      {error && (
        <span role="alert" className="form-error">
          {error}
        </span>
      )}
    </form>
  );
}
