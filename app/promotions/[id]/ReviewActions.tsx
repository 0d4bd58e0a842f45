'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

type Props = {
  requestId: string;
  /** The evidence on screen: what an approval is bound to. */
  artifactId: string;
  gateRunId: number | null;
  gatesPending: boolean;
  /** What this user may do now (lib/promotion/states.ts allowedActions). */
  allowed: { approve: boolean; reject: boolean; requestChanges: boolean; rerunGates: boolean };
  /** Why this user cannot decide (the author, or no reviewer/steward role); null when they can. */
  cannotDecide: string | null;
  /** The request can be decided by someone now (so the page says why it is not this user). */
  decidable: boolean;
};

/** Approve, request changes, reject, comment and re-run the gates; polls while the gates run. */
export function ReviewActions({ requestId, artifactId, gateRunId, gatesPending, allowed, cannotDecide, decidable }: Props) {
  const router = useRouter();
  const [comment, setComment] = useState('');
  const { busy, error, run } = useAction();
  const { data: pending, refetch } = useQuery({
    queryKey: ['promotion', requestId],
    queryFn: async () => (await api<{ promotion: { gatesPending: boolean } }>(`/api/promotions/${requestId}`)).promotion.gatesPending,
    initialData: gatesPending,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data ? 1_000 : false),
  });
  // A re-run or a new submission refreshes the page with gates pending: poll again from there.
  useEffect(() => {
    if (gatesPending) void refetch();
  }, [gatesPending, refetch]);
  const was = useRef(gatesPending);
  useEffect(() => {
    if (was.current && !pending) router.refresh();
    was.current = pending ?? false;
  }, [pending, router]);

  const send = (decision: 'approve' | 'reject' | 'request_changes' | 'comment') =>
    run(async () => {
      await api(`/api/promotions/${requestId}/reviews`, { method: 'POST', body: { decision, artifactId, gateRunId, comment } });
      setComment('');
      router.refresh();
    });
  const rerun = () =>
    run(async () => {
      await api(`/api/promotions/${requestId}/gates`, { method: 'POST' });
      router.refresh();
    });
  return (
    <section className="card section" aria-label="Review">
      <h2>Review</h2>
      <textarea aria-label="Comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={3} placeholder="Comment (optional with a decision)" style={{ font: 'inherit', padding: 6 }} />
      <div className="toolbar" style={{ margin: 0 }}>
        {cannotDecide === null && decidable && (
          <>
            <button className="primary" onClick={() => void send('approve')} disabled={busy || !allowed.approve}>
              Approve
            </button>
            <button onClick={() => void send('request_changes')} disabled={busy || !allowed.requestChanges}>
              Request changes
            </button>
            <button onClick={() => void send('reject')} disabled={busy || !allowed.reject}>
              Reject
            </button>
          </>
        )}
        <button className="ghost" onClick={() => void send('comment')} disabled={busy || comment.trim() === ''}>
          Comment
        </button>
        {allowed.rerunGates && (
          <button className="ghost" onClick={() => void rerun()} disabled={busy || pending}>
            Run gates again
          </button>
        )}
      </div>
      {cannotDecide && decidable && (
        <p className="muted" role="note" aria-label="Why you cannot decide" style={{ margin: 0 }}>
          {cannotDecide}
        </p>
      )}
      {pending && (
        <p role="status" aria-label="Gates" className="muted" style={{ margin: 0 }}>
          The gates are running on the server…
        </p>
      )}
      {error && (
        <p role="alert" className="form-error" style={{ margin: 0 }}>
          {error}
        </p>
      )}
    </section>
  );
}
