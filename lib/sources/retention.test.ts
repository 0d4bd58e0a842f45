import { describe, expect, it } from 'vitest';
import { planSnapshotExpiry, SnapshotRetention } from './retention';

// The retention plan as a pure function: a snapshot goes only when it is outside every window the
// policy sets and nothing needs it; the reasons a snapshot stays are all named.

const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
// Newest first, as the service reads them: #5 today … #1 forty days ago.
const snapshots = [
  { id: 5, finishedAt: daysAgo(0) },
  { id: 4, finishedAt: daysAgo(2) },
  { id: 3, finishedAt: daysAgo(10) },
  { id: 2, finishedAt: daysAgo(20) },
  { id: 1, finishedAt: daysAgo(40) },
];
const current = new Map([[5, ['the current snapshot']]]);

describe('planSnapshotExpiry', () => {
  it('expires nothing without a policy', () => {
    expect(planSnapshotExpiry(snapshots, { keepSnapshots: null, keepDays: null }, current, now).expire).toEqual([]);
  });

  it('keeps the N newest, the current one and the needed ones, each with its reasons', () => {
    const plan = planSnapshotExpiry(snapshots, { keepSnapshots: 2, keepDays: null }, new Map([...current, [2, ['input of run 7 of orders v1: production serves it']]]), now);
    expect(plan).toEqual({
      expire: [3, 1],
      keep: [
        { snapshotId: 5, reasons: ['the current snapshot', 'one of the 2 newest'] },
        { snapshotId: 4, reasons: ['one of the 2 newest'] },
        { snapshotId: 2, reasons: ['input of run 7 of orders v1: production serves it'] },
      ],
    });
  });

  it('keeps by age, and with both limits keeps what either window holds', () => {
    expect(planSnapshotExpiry(snapshots, { keepSnapshots: null, keepDays: 15 }, current, now).expire).toEqual([2, 1]);
    expect(planSnapshotExpiry(snapshots, { keepSnapshots: 4, keepDays: 15 }, current, now).expire).toEqual([1]);
    expect(planSnapshotExpiry(snapshots, { keepSnapshots: 1, keepDays: 3 }, current, now).expire).toEqual([3, 2, 1]);
  });

  it.each([
    [{ keepSnapshots: 0, keepDays: null }, 'keep at least the newest snapshot (or null to keep all)'],
    [{ keepSnapshots: -3, keepDays: null }, 'keep at least the newest snapshot (or null to keep all)'],
    [{ keepSnapshots: null, keepDays: 0 }, 'keep at least a day (or null for no age limit)'],
    [{ keepSnapshots: 1.5, keepDays: null }, 'Invalid input: expected int, received number'],
  ])('refuses the policy %j', (policy, message) => {
    const parsed = SnapshotRetention.safeParse(policy);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });
});
