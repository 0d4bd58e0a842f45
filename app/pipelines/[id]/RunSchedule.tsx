'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

/** The pipeline's cron schedule (UTC) and whether a new input snapshot starts a run. */
export function RunSchedule({ pipelineId, schedule, onNewSnapshot }: { pipelineId: string; schedule: string | null; onNewSnapshot: boolean }) {
  const router = useRouter();
  const { busy, error, run } = useAction();
  const [pattern, setPattern] = useState(schedule ?? '');
  const [onSnapshot, setOnSnapshot] = useState(onNewSnapshot);
  return (
    <form
      aria-label="Run schedule"
      style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () => {
          await api(`/api/pipelines/${pipelineId}/schedule`, { method: 'PUT', body: { schedule: pattern.trim() || null, onNewSnapshot: onSnapshot } });
          router.refresh();
        });
      }}
    >
      <label>
        Cron (UTC){' '}
        <input className="mono" value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder="0 4 * * *" aria-label="Cron schedule" size={14} />
      </label>
      <label>
        <input type="checkbox" checked={onSnapshot} onChange={(e) => setOnSnapshot(e.target.checked)} /> run when an input gets a new snapshot
      </label>
      <button disabled={busy}>Save schedule</button>
      {error && (
        <span role="alert" className="form-error">
          {error}
        </span>
      )}
    </form>
  );
}
