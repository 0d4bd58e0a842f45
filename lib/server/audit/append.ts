import 'server-only';
import type { Db, Tx } from '@/lib/server/db/client';
import { auditEvents } from '@/lib/server/db/schema';

export type AuditEntry = {
  actorId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  details?: Record<string, unknown>;
};

/** Call inside the transaction that makes the change, so the change and its record land together. */
export async function appendAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({ ...entry, details: entry.details ?? {} });
}
