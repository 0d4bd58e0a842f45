import 'server-only';
import { auditChainAlerts } from '@/lib/server/alerts/rules';
import type { App } from '@/lib/server/app';
import type { Db, Tx } from '@/lib/server/db/client';
import { enqueueJob, pendingJob } from '@/lib/server/jobs/queue';
import type { JobHandler } from '@/lib/server/jobs/worker';
import { rememberVerified, verifyFully, type FullVerification } from './incremental';

export const AUDIT_VERIFY_JOB = 'audit.verify';
const SUBJECT = 'chain';
/** How often the whole chain is recomputed in the background, whatever the page loads did. */
export const FULL_VERIFICATION_EVERY_MS = 24 * 60 * 60 * 1000;

/** Queues the next full verification unless one is pending (boot calls it too, due at once). */
export async function scheduleAuditVerification(db: Db | Tx, delayMs = FULL_VERIFICATION_EVERY_MS): Promise<void> {
  if (await pendingJob(db, AUDIT_VERIFY_JOB, SUBJECT)) return;
  await enqueueJob(db, { kind: AUDIT_VERIFY_JOB, subject: SUBJECT, payload: {}, runAfter: new Date(Date.now() + delayMs) });
}

/** The scheduled full verification: a verified chain becomes the checkpoint later page loads start
 * from (and resolves an audit_chain_broken alert); a broken one stores nothing but fires that alert to
 * the admins. Either way the next run is queued in the same transaction. */
export function auditVerifyJobHandler(app: Pick<App, 'db' | 'auth'>): JobHandler<FullVerification> {
  return {
    run: () => verifyFully(app.db),
    async commit(tx, _job, full) {
      await rememberVerified(app, tx, { ...full, kind: 'full', fullAt: full.at });
      await auditChainAlerts(tx, full.verification.ok ? { ok: true, full: true } : full.verification);
      await scheduleAuditVerification(tx);
    },
    async fail(tx) {
      await scheduleAuditVerification(tx);
    },
  };
}
