import { z } from 'zod';

/** A steward's snapshot retention of one dataset: keep the `keepSnapshots` newest and/or the ones
 * younger than `keepDays`. Null and null keeps every snapshot. Shared by the API and the page. */
export const SnapshotRetention = z.strictObject({
  keepSnapshots: z.number().int().min(1, 'keep at least the newest snapshot (or null to keep all)').max(100_000).nullable(),
  keepDays: z.number().int().min(1, 'keep at least a day (or null for no age limit)').max(36_500).nullable(),
});
export type SnapshotRetention = z.infer<typeof SnapshotRetention>;

/** `POST …/retention`: the snapshots the steward saw in the plan and confirmed. */
export const ExpireSnapshotsBody = z.strictObject({ snapshotIds: z.array(z.number().int().positive()).min(1, 'name the snapshots to expire (the plan’s)').max(10_000) });

export type SnapshotRef = { id: number; finishedAt: Date };

export type SnapshotExpiry = {
  /** Snapshots the policy would expire now, newest first. */
  expire: number[];
  /** Every other snapshot still in the warehouse, newest first, with why it stays. */
  keep: { snapshotId: number; reasons: string[] }[];
};

const DAY_MS = 86_400_000;

/**
 * What a policy expires of a dataset's live snapshots (newest first): a snapshot goes when it is
 * outside every window the policy sets (not among the N newest, older than D days) and nothing else
 * needs it — `protectedBy` names, per snapshot id, why it must stay (the current snapshot, a run's
 * input, a sample being drawn). No policy expires nothing.
 */
export function planSnapshotExpiry(snapshots: readonly SnapshotRef[], policy: SnapshotRetention, protectedBy: ReadonlyMap<number, readonly string[]>, now: Date): SnapshotExpiry {
  const expire: number[] = [];
  const keep: SnapshotExpiry['keep'] = [];
  const any = policy.keepSnapshots !== null || policy.keepDays !== null;
  snapshots.forEach((snapshot, rank) => {
    const reasons = [...(protectedBy.get(snapshot.id) ?? [])];
    if (!any) reasons.push('no retention policy');
    if (policy.keepSnapshots !== null && rank < policy.keepSnapshots) reasons.push(`one of the ${policy.keepSnapshots} newest`);
    if (policy.keepDays !== null && now.getTime() - snapshot.finishedAt.getTime() < policy.keepDays * DAY_MS) reasons.push(`younger than ${policy.keepDays} day${policy.keepDays === 1 ? '' : 's'}`);
    if (reasons.length > 0) keep.push({ snapshotId: snapshot.id, reasons });
    else expire.push(snapshot.id);
  });
  return { expire, keep };
}

export function describeRetention(policy: SnapshotRetention): string {
  const parts = [
    ...(policy.keepSnapshots !== null ? [`the ${policy.keepSnapshots} newest snapshot${policy.keepSnapshots === 1 ? '' : 's'}`] : []),
    ...(policy.keepDays !== null ? [`snapshots younger than ${policy.keepDays} day${policy.keepDays === 1 ? '' : 's'}`] : []),
  ];
  return parts.length === 0 ? 'Every snapshot is kept (no retention policy).' : `Keeps ${parts.join(' and ')}, and always the current one and those runs or samples need.`;
}
