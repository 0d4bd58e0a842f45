import 'server-only';
import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { AuditAction } from '@/lib/audit/actions';
import { chainHash, GENESIS_HASH, jsonForm, leafHash } from '@/lib/audit/chain';
import type { Db, Tx } from '@/lib/server/db/client';
import { rowsOf } from '@/lib/server/db/rows';
import { auditEvents } from '@/lib/server/db/schema';

export type AuditEntry = {
  actorId: string | null;
  action: AuditAction;
  objectType: string;
  objectId: string;
  details?: Record<string, unknown>;
};

/** The key of the transaction-level advisory lock that makes appends one at a time: "assayaud" as a
 * bigint, written into the statement (a literal, so neither driver has to send a JS bigint). */
const AUDIT_CHAIN_LOCK = sql.raw('7022083106486187364');

/**
 * Call inside the transaction that makes the change, so the change and its record land together
 * (with the plain db it opens its own). Appends are linear: the advisory lock is held until that
 * transaction ends, so the next append reads this one as the head only once it has committed, and the
 * seq is drawn under the lock, so seq order is chain order. The price: audited transactions are one at
 * a time from their append to their commit, which is why every caller appends last.
 */
export async function appendAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  if (db instanceof PgTransaction) return appendInTransaction(db, entry);
  await db.transaction((tx) => appendInTransaction(tx, entry));
}

async function appendInTransaction(tx: Tx, entry: AuditEntry): Promise<void> {
  // Its own statement: a statement's snapshot is taken when it starts, so the head must be read by a
  // statement that starts after the lock is held (READ COMMITTED, the default every caller uses).
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [next] = rowsOf<{ seq: string | number; head: string | null }>(
    await tx.execute(sql`
      SELECT nextval(pg_get_serial_sequence('audit_events', 'seq'))::text AS seq,
             (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1) AS head`),
  );
  if (!next) throw new Error('nextval returned no row');
  // Milliseconds only, so that what is hashed is exactly what the timestamptz column gives back.
  const event = {
    seq: Number(next.seq),
    occurredAt: new Date(),
    actorId: entry.actorId,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    details: jsonForm(entry.details ?? {}),
  };
  // A head without a hash was written before the chain began: the chain starts from genesis after it.
  const prevHash = next.head ?? GENESIS_HASH;
  await tx.insert(auditEvents).values({ ...event, prevHash, hash: chainHash(prevHash, leafHash(event)) });
}
