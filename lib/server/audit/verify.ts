import 'server-only';
import { asc, gt, sql } from 'drizzle-orm';
import { chainVerifier, GENESIS_HASH, type StoredAuditEvent } from '@/lib/audit/chain';
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
  const verifier = chainVerifier();
  let after = 0;
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
        return { ok: false, count: verifier.verdict().count, brokenAt: { seq, action, objectType, objectId }, reason };
      }
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE_ROWS) break;
    after = last.seq;
  }
  const verdict = verifier.verdict();
  if (!verdict.ok) throw new Error('unreachable: a break returns early');
  return verdict;
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
