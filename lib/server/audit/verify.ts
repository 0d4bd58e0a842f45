import 'server-only';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { chainVerifier, GENESIS_HASH, type StoredAuditEvent, type VerifiedPrefix } from '@/lib/audit/chain';
import type { Db } from '@/lib/server/db/client';
import { rowsOf } from '@/lib/server/db/rows';
import { auditEvents } from '@/lib/server/db/schema';

/** Rows per query: large enough that round trips do not dominate, small enough to keep memory flat. */
const PAGE_ROWS = 5_000;

export type AuditVerification =
  | { ok: true; count: number; head: string; unchained: number }
  | {
      ok: false;
      count: number;
      brokenAt: { seq: number; action: string; objectType: string; objectId: string };
      reason: string;
    };

const storedColumns = {
  seq: auditEvents.seq,
  occurredAt: auditEvents.occurredAt,
  actorId: auditEvents.actorId,
  action: auditEvents.action,
  objectType: auditEvents.objectType,
  objectId: auditEvents.objectId,
  details: auditEvents.details,
  prevHash: auditEvents.prevHash,
  hash: auditEvents.hash,
};

/** Recomputes the whole chain in seq order, a page at a time, and names the first broken entry. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  return (await verifyAfter(db)).verification;
}

/**
 * Recomputes every entry after `prefix` (all of them without one), a page at a time, each checked to
 * follow on from the one before, the first from the prefix's head. `lastSeq` is the seq of the last
 * intact entry (the prefix's own when nothing follows it).
 */
export async function verifyAfter(db: Db, prefix?: VerifiedPrefix): Promise<{ verification: AuditVerification; lastSeq: number }> {
  const verifier = chainVerifier(prefix);
  let after = prefix?.lastSeq ?? 0;
  for (;;) {
    const page: StoredAuditEvent[] = await db
      .select(storedColumns)
      .from(auditEvents)
      .where(gt(auditEvents.seq, after))
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE_ROWS);
    for (const event of page) {
      const reason = verifier.check(event);
      if (reason !== null) {
        const { objectType, objectId, action, seq } = event;
        return {
          verification: { ok: false, count: verifier.verdict().count, brokenAt: { seq, action, objectType, objectId }, reason },
          lastSeq: verifier.lastSeq() ?? 0,
        };
      }
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE_ROWS) break;
    after = last.seq;
  }
  const verdict = verifier.verdict();
  if (!verdict.ok) throw new Error('unreachable: a break returns early');
  return { verification: verdict, lastSeq: verifier.lastSeq() ?? 0 };
}

/** One stored event by seq, with what the chain needs to recompute its hash. */
export async function eventAt(db: Db, seq: number): Promise<StoredAuditEvent | null> {
  const [row] = await db.select(storedColumns).from(auditEvents).where(eq(auditEvents.seq, seq));
  return row ?? null;
}

/** The chain's head after the first `count` entries as stored now (GENESIS_HASH if none of them is
 * chained), or null when there are fewer entries than that. */
export async function headAtCount(db: Db, count: number): Promise<string | null> {
  if (count === 0) return GENESIS_HASH;
  const [row] = rowsOf<{ n: string | number; head: string | null }>(
    await db.execute(sql`
      SELECT count(*)::text AS n, (array_agg(hash ORDER BY seq DESC) FILTER (WHERE hash IS NOT NULL))[1] AS head
      FROM (SELECT seq, hash FROM audit_events ORDER BY seq LIMIT ${count}) AS first_entries`),
  );
  if (!row || Number(row.n) < count) return null;
  return row.head ?? GENESIS_HASH;
}
