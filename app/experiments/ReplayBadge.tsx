'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { api } from '@/lib/client/api';

export type ReplayStatus = 'none' | 'queued' | 'running' | 'match' | 'mismatch' | 'error' | 'failed';

const LABEL: Record<ReplayStatus, string> = {
  none: 'Not replayed',
  queued: 'Replay queued',
  running: 'Replaying…',
  match: 'Replay: match',
  mismatch: 'Replay: mismatch',
  error: 'Replay: error',
  failed: 'Replay failed',
};

export const badgeTone = (status: ReplayStatus) =>
  status === 'match' ? 'ok' : status === 'queued' || status === 'running' || status === 'none' ? 'pending' : 'bad';

export function StaticReplayBadge({ status }: { status: ReplayStatus }) {
  return <span className={`badge ${badgeTone(status)}`}>{LABEL[status]}</span>;
}

/** The replay status of one experiment, polled while a replay is pending; when it settles the page
 * re-renders on the server so the replay details appear. `source` is the JSON endpoint to poll. */
export function ReplayBadge({ initial, source }: { initial: ReplayStatus; source: string }) {
  const router = useRouter();
  const pending = (status: ReplayStatus) => status === 'queued' || status === 'running';
  const { data } = useQuery({
    queryKey: ['replay', source],
    queryFn: async () => (await api<{ replay: { status: ReplayStatus } }>(source)).replay.status,
    initialData: initial,
    staleTime: 0,
    refetchInterval: (query) => (pending(query.state.data ?? initial) ? 1_000 : false),
  });
  const status = data ?? initial;
  const seen = useRef(initial);
  useEffect(() => {
    if (pending(seen.current) && !pending(status)) router.refresh();
    seen.current = status;
  }, [status, router]);
  return (
    <span role="status" aria-label="Replay status" className={`badge ${badgeTone(status)}`} style={{ fontSize: 13, padding: '2px 10px' }}>
      {LABEL[status]}
    </span>
  );
}
