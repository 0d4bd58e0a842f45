'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { SubmitDialog, type EarlierSubmission, type PipelineChoice } from '@/app/experiments/[id]/SubmitDialog';
import type { Column } from '@/lib/artifact/schema';
import { api } from '@/lib/client/api';

type Props = {
  requestId: string;
  artifactId: string;
  models: { name: string; schema: Column[] }[];
  pipeline: PipelineChoice;
  current: EarlierSubmission;
  allowed: { resubmit: boolean; withdraw: boolean };
};

/** The author's way out of failed gates or a request sent back: fix the submission on this request,
 * or withdraw it (it stays in the history as withdrawn). */
export function AuthorActions({ requestId, artifactId, models, pipeline, current, allowed }: Props) {
  const router = useRouter();
  const [fixing, setFixing] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  if (!allowed.resubmit && !allowed.withdraw) return null;
  const withdraw = () =>
    run(async () => {
      await api(`/api/promotions/${requestId}/withdraw`, { method: 'POST', body: { reason } });
      router.refresh();
    });
  return (
    <section className="card section" aria-label="Your request">
      <h2>Your request</h2>
      <p className="muted" style={{ margin: 0 }}>
        Fix the submission here (the gates run again on it and the earlier one stays in the history), or withdraw the request.
      </p>
      <div className="toolbar" style={{ margin: 0 }}>
        {allowed.resubmit && (
          <button className="primary" onClick={() => setFixing(true)} disabled={busy}>
            Fix the submission
          </button>
        )}
        {allowed.withdraw && (
          <>
            <input aria-label="Why you withdraw it" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why (optional)" />
            <button onClick={() => void withdraw()} disabled={busy}>
              Withdraw
            </button>
          </>
        )}
      </div>
      {error && (
        <p role="alert" className="form-error" style={{ margin: 0 }}>
          {error}
        </p>
      )}
      {fixing && <SubmitDialog experimentId={artifactId} models={models} pipelines={[pipeline]} earlier={[current]} request={{ id: requestId, pipelineId: pipeline.id }} onClose={() => setFixing(false)} />}
    </section>
  );
}
