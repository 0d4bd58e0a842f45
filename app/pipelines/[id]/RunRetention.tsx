'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

type Plan = { keep: number | null; expire: { runId: number; version: number }[]; versionsLosingData: number[] };

/** The steward's retention of run tables: how many to keep, and expiring them by hand — with the
 * versions that would lose their data for rollback named and confirmed first. */
export function RunRetention({ pipelineId, plan, canManage }: { pipelineId: string; plan: Plan; canManage: boolean }) {
  const router = useRouter();
  const [keep, setKeep] = useState(plan.keep === null ? '' : String(plan.keep));
  const [confirmed, setConfirmed] = useState(false);
  const { busy, error, run } = useAction();
  const losing = plan.versionsLosingData;
  return (
    <div aria-label="Run retention" role="group" style={{ display: 'grid', gap: 6 }}>
      <p className="muted" style={{ margin: 0 }}>
        {plan.keep === null
          ? 'Every run keeps its tables (no retention policy).'
          : `Keeps the ${plan.keep} newest run${plan.keep === 1 ? '' : 's'} with tables, and always the one production serves. ${
              plan.expire.length === 0 ? 'Nothing to expire.' : `Expiring now drops the tables of run${plan.expire.length === 1 ? '' : 's'} ${plan.expire.map((r) => r.runId).join(', ')}.`
            }`}
      </p>
      {canManage && (
        <form
          style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await api(`/api/pipelines/${pipelineId}/retention`, { method: 'PUT', body: { keepPublishedRuns: keep.trim() === '' ? null : Number(keep) } });
              router.refresh();
            });
          }}
        >
          <label htmlFor="keep-runs">Runs with tables to keep</label>
          <input id="keep-runs" type="number" min={1} placeholder="all" value={keep} onChange={(e) => setKeep(e.target.value)} style={{ width: 72 }} />
          <button type="submit" disabled={busy || keep === (plan.keep === null ? '' : String(plan.keep))}>
            Save retention
          </button>
        </form>
      )}
      {canManage && plan.expire.length > 0 && (
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          {losing.length > 0 && (
            <label>
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> Version{losing.length === 1 ? '' : 's'} {losing.join(', ')} will have no tables:
              rolling back to {losing.length === 1 ? 'it' : 'them'} runs {losing.length === 1 ? 'it' : 'them'} again
            </label>
          )}
          <button
            type="button"
            disabled={busy || (losing.length > 0 && !confirmed)}
            onClick={() =>
              void run(async () => {
                await api(`/api/pipelines/${pipelineId}/retention`, { method: 'POST', body: { confirmVersions: confirmed ? losing : [] } });
                setConfirmed(false);
                router.refresh();
              })
            }
          >
            Expire {plan.expire.length} run{plan.expire.length === 1 ? '' : 's'}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="form-error" style={{ margin: 0 }}>
          {error}
        </p>
      )}
    </div>
  );
}
