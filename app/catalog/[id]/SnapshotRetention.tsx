'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';
import { describeRetention, type SnapshotRetention as Policy } from '@/lib/sources/retention';

type Plan = { policy: Policy; expire: number[]; keep: { snapshotId: number; reasons: string[] }[] };

const text = (n: number | null) => (n === null ? '' : String(n));
const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));

/** The steward's snapshot retention: the policy, the plan (what would go, what stays and why), and
 * expiring by hand after a confirmation — nothing expires on its own. */
export function SnapshotRetention({ datasetId, plan, canManage }: { datasetId: string; plan: Plan; canManage: boolean }) {
  const router = useRouter();
  const [keepSnapshots, setKeepSnapshots] = useState(text(plan.policy.keepSnapshots));
  const [keepDays, setKeepDays] = useState(text(plan.policy.keepDays));
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const unchanged = keepSnapshots === text(plan.policy.keepSnapshots) && keepDays === text(plan.policy.keepDays);
  const hasPolicy = plan.policy.keepSnapshots !== null || plan.policy.keepDays !== null;
  return (
    <section className="card" aria-label="Snapshot retention" style={{ padding: 18, display: 'grid', gap: 8 }}>
      <h2>Snapshot retention</h2>
      <p style={{ margin: 0 }}>{describeRetention(plan.policy)} Nothing expires until a steward expires it here.</p>
      {canManage && (
        <form
          aria-label="Retention policy"
          style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await api(`/api/catalog/datasets/${datasetId}/retention`, { method: 'PUT', body: { keepSnapshots: numberOrNull(keepSnapshots), keepDays: numberOrNull(keepDays) } });
              setConfirming(false);
              router.refresh();
            });
          }}
        >
          <label htmlFor="keep-snapshots">Newest snapshots to keep</label>
          <input id="keep-snapshots" type="number" min={1} placeholder="all" value={keepSnapshots} onChange={(e) => setKeepSnapshots(e.target.value)} style={{ width: 80 }} />
          <label htmlFor="keep-days">Days to keep</label>
          <input id="keep-days" type="number" min={1} placeholder="no limit" value={keepDays} onChange={(e) => setKeepDays(e.target.value)} style={{ width: 110 }} />
          <button type="submit" disabled={busy || unchanged}>
            Save retention
          </button>
        </form>
      )}
      {hasPolicy && (
        <div role="region" aria-label="Retention plan" style={{ display: 'grid', gap: 4 }}>
          <p style={{ margin: 0 }}>
            {plan.expire.length === 0
              ? 'Nothing to expire now.'
              : `Expiring now drops the raw tables of snapshot${plan.expire.length === 1 ? '' : 's'} ${plan.expire.map((id) => `#${id}`).join(', ')}.`}
          </p>
          {plan.keep.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 18 }} aria-label="Kept snapshots">
              {plan.keep.map((k) => (
                <li key={k.snapshotId}>
                  #{k.snapshotId} stays: {k.reasons.join('; ')}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {canManage && plan.expire.length > 0 && (
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          {confirming ? (
            <>
              <span>
                Expire {plan.expire.map((id) => `#${id}`).join(', ')} for good? Their rows leave the warehouse; the snapshots stay listed as expired.
              </span>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await api(`/api/catalog/datasets/${datasetId}/retention`, { method: 'POST', body: { snapshotIds: plan.expire } });
                    setConfirming(false);
                    router.refresh();
                  })
                }
              >
                Confirm expiry
              </button>
              <button type="button" className="ghost" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirming(true)}>
              Expire {plan.expire.length} snapshot{plan.expire.length === 1 ? '' : 's'}
            </button>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="form-error" style={{ margin: 0 }}>
          {error}
        </p>
      )}
    </section>
  );
}
