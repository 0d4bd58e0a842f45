import 'server-only';
import type { Tx } from '@/lib/server/db/client';

/** Tells a dataset's owner about drift. Until the notifications module lands this is a no-op seam. */
export async function notifyDrift(_tx: Tx, _input: { userIds: string[]; datasetId: string; blocked: boolean; summary: string }): Promise<void> {}
