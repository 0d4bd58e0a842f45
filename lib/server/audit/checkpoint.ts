import 'server-only';
import { checkpointKey, checkpointSignatureValid, signCheckpoint, type Checkpoint } from '@/lib/audit/checkpoint';
import { AppError } from '@/lib/errors';
import type { App } from '@/lib/server/app';
import { headAtCount, verifyAuditChain } from './verify';

/** The secret the app really runs with: in demo mode config.secret is unset and buildApp hands the one
 * it generated (kept in the data dir) to Better Auth, so that is where it is read back from. */
export function signingKey(app: Pick<App, 'auth'>): Buffer {
  return checkpointKey(app.auth.options.secret);
}

/** Signs the head of the chain as verified now. A broken chain gets no checkpoint: signing its head
 * would vouch for the tampering. */
export async function createCheckpoint(app: App): Promise<Checkpoint> {
  const verdict = await verifyAuditChain(app.db);
  if (!verdict.ok) {
    throw new AppError('conflict', `the audit chain is broken at seq ${verdict.brokenAt.seq} (${verdict.reason}); no checkpoint is signed`, {
      brokenAt: verdict.brokenAt,
    });
  }
  return signCheckpoint(signingKey(app), { count: verdict.count, head: verdict.head, at: new Date().toISOString() });
}

export type CheckpointCheck = { signatureValid: boolean; matches: boolean; currentHeadAtCount: string | null };

/** Whether this app signed the checkpoint, and whether the stored chain still has the head it names
 * after the same number of entries (a rewritten history has not). */
export async function checkCheckpoint(app: App, checkpoint: Checkpoint): Promise<CheckpointCheck> {
  const signatureValid = checkpointSignatureValid(signingKey(app), checkpoint);
  const currentHeadAtCount = await headAtCount(app.db, checkpoint.count);
  return { signatureValid, matches: currentHeadAtCount === checkpoint.head, currentHeadAtCount };
}
