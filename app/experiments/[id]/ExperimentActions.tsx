'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';
import { SubmitDialog, type EarlierSubmission, type PipelineChoice } from './SubmitDialog';

type Share = { id: string; createdAt: string; expiresAt: string; revokedAt: string | null };

const day = (iso: string) => iso.slice(0, 10);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

type Promotion = {
  /** Why the experiment cannot be submitted; null when it can. */
  blocked: string | null;
  models: { name: string; schema: { name: string; type: string; nullable?: boolean }[] }[];
  pipelines: PipelineChoice[];
  earlier: EarlierSubmission[];
};

/** Download, fork, replay again and archive; the author also shares and revokes links and submits. */
export function ExperimentActions({
  id,
  isAuthor,
  canFork,
  canReplay,
  archived,
  promotion,
}: {
  id: string;
  isAuthor: boolean;
  canFork: boolean;
  canReplay: boolean;
  archived: boolean;
  /** Present for the author: submitting is theirs alone. */
  promotion: Promotion | null;
}) {
  const router = useRouter();
  const { error, run } = useAction();
  const [submitting, setSubmitting] = useState(false);
  const act = (fn: () => Promise<unknown>) => () => run(fn);
  const fork = act(async () => {
    const { notebookId } = await api<{ notebookId: string }>(`/api/experiments/${id}/fork`, { method: 'POST' });
    router.push(`/notebooks/${notebookId}`);
  });
  const replay = act(async () => {
    await api(`/api/experiments/${id}/replay`, { method: 'POST' });
    router.refresh();
  });
  const archive = act(async () => {
    await api(`/api/experiments/${id}/archive`, { method: 'POST' });
    router.refresh();
  });
  return (
    <div style={{ display: 'grid', gap: 8, justifyItems: 'end' }}>
      <div className="toolbar" role="toolbar" aria-label="Experiment" style={{ margin: 0 }}>
        <a href={`/api/experiments/${id}/artifact`} download>
          <button type="button" tabIndex={-1}>Download JSON</button>
        </a>
        {canFork && <button onClick={fork}>Fork into a notebook</button>}
        {canReplay && <button onClick={replay}>Replay again</button>}
        {promotion && (
          <button className="primary" onClick={() => setSubmitting(true)} disabled={promotion.blocked !== null} title={promotion.blocked ?? undefined}>
            Submit for promotion
          </button>
        )}
        {isAuthor && !archived && (
          <button className="ghost" onClick={archive}>
            Archive
          </button>
        )}
      </div>
      {promotion?.blocked && (
        <p className="muted" role="note" aria-label="Why it cannot be submitted" style={{ margin: 0, fontSize: 12, maxWidth: 460, textAlign: 'right' }}>
          Not submittable: {promotion.blocked}
        </p>
      )}
      {error && (
        <p role="alert" className="form-error" style={{ margin: 0 }}>
          {error}
        </p>
      )}
      {submitting && promotion && <SubmitDialog experimentId={id} models={promotion.models} pipelines={promotion.pipelines} earlier={promotion.earlier} onClose={() => setSubmitting(false)} />}
      {isAuthor && <SharePanel id={id} />}
    </div>
  );
}

function SharePanel({ id }: { id: string }) {
  const client = useQueryClient();
  const [days, setDays] = useState(7);
  const [created, setCreated] = useState<string | null>(null);
  const shares = useQuery({ queryKey: ['shares', id], queryFn: async () => (await api<{ shares: Share[] }>(`/api/experiments/${id}/shares`)).shares });
  const create = useMutation({
    mutationFn: () => api<{ url: string }>(`/api/experiments/${id}/shares`, { method: 'POST', body: { expiresInDays: days } }),
    onSuccess: ({ url }) => {
      setCreated(url);
      void client.invalidateQueries({ queryKey: ['shares', id] });
    },
  });
  const revoke = useMutation({
    mutationFn: (shareId: string) => api(`/api/experiments/${id}/shares/${shareId}/revoke`, { method: 'POST' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['shares', id] }),
  });
  const now = Date.now();
  return (
    <section className="card section" aria-label="Share links" style={{ width: 'min(460px, 100%)' }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <h2 style={{ marginRight: 'auto' }}>Share links</h2>
        <label style={{ fontSize: 13 }}>
          expires in{' '}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Link expires in">
            {[1, 7, 30, 90].map((d) => (
              <option key={d} value={d}>
                {d} {d === 1 ? 'day' : 'days'}
              </option>
            ))}
          </select>
        </label>
        <button onClick={() => create.mutate()} disabled={create.isPending}>
          Create link
        </button>
      </div>
      {created && (
        <div style={{ display: 'flex', gap: 6 }}>
          <input readOnly value={created} aria-label="Share link" style={{ flex: 1, fontFamily: 'var(--mono)', fontSize: 12 }} onFocus={(e) => e.target.select()} />
          <button onClick={() => void navigator.clipboard?.writeText(created)}>Copy</button>
        </div>
      )}
      {created && <p className="muted" style={{ margin: 0, fontSize: 12 }}>Anyone with this link can read the experiment until it expires or you revoke it. It is shown only now.</p>}
      {(create.error || revoke.error) && (
        <p role="alert" className="form-error" style={{ margin: 0 }}>
          {messageOf(create.error ?? revoke.error)}
        </p>
      )}
      {(shares.data ?? []).length > 0 && (
        <ul className="list" aria-label="Links">
          {shares.data!.map((share) => {
            const state = share.revokedAt ? `revoked ${day(share.revokedAt)}` : new Date(share.expiresAt).getTime() <= now ? `expired ${day(share.expiresAt)}` : `expires ${day(share.expiresAt)}`;
            const live = !share.revokedAt && new Date(share.expiresAt).getTime() > now;
            return (
              <li key={share.id} style={{ padding: '6px 0', fontSize: 13 }}>
                <span>
                  created {day(share.createdAt)} · {state}
                </span>
                {live && (
                  <button className="ghost" onClick={() => revoke.mutate(share.id)} aria-label={`Revoke link created ${day(share.createdAt)}`}>
                    Revoke
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
