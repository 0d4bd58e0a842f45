import 'server-only';
import type { Tx } from '@/lib/server/db/client';
import { notify } from '@/lib/server/notifications/notifications';

/** Tells a dataset's owner about drift, in the transaction that records it. */
export async function notifyDrift(tx: Tx, input: { userIds: string[]; datasetId: string; blocked: boolean; summary: string }): Promise<void> {
  await notify(tx, {
    userIds: input.userIds,
    kind: input.blocked ? 'source.drift_blocked' : 'source.drift_accepted',
    title: input.blocked ? `${input.datasetId}: load blocked by schema drift` : `${input.datasetId}: schema drift accepted (additive)`,
    body: input.blocked ? `${input.summary}. The previous snapshot stays current; the new one is quarantined.` : `${input.summary}. New columns await a contract change by the steward.`,
    href: `/catalog/${input.datasetId}`,
    objectType: 'dataset',
    objectId: input.datasetId,
  });
}
