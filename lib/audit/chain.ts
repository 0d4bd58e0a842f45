import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The hash before the first chained event. */
export const GENESIS_HASH = '0'.repeat(64);

// Domain separation: a leaf hash can never be taken for a chain hash, nor the other way round.
const LEAF_DOMAIN = 'assay.audit.leaf.v1\n';
const CHAIN_DOMAIN = 'assay.audit.chain.v1\n';

/** What an audit event says, exactly as it is hashed. */
export type AuditEventContent = {
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  details: Record<string, unknown>;
};

/** An event as stored: events appended before the chain began have no hashes. */
export type StoredAuditEvent = AuditEventContent & { prevHash: string | null; hash: string | null };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** RFC 8785 (JCS) text; throws on values without a JSON form (a BigInt, a cycle). */
function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('the audit event has no JSON form');
  return text;
}

/** The details as they come back from a jsonb column: what JSON keeps of them (no undefined, a Date as
 * its ISO text, -0 as 0). Hash and store this form, or the stored event would not hash as it did. */
export function jsonForm(details: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
}

/** sha256 of the domain tag and the canonical JSON of the event's content; the time as an ISO string
 * with milliseconds, which is what a timestamptz written from a JS Date gives back. */
export function leafHash(event: AuditEventContent): string {
  return sha256(
    LEAF_DOMAIN +
      canonical({
        seq: event.seq,
        occurredAt: event.occurredAt.toISOString(),
        actorId: event.actorId,
        action: event.action,
        objectType: event.objectType,
        objectId: event.objectId,
        details: event.details,
      }),
  );
}

/** The event's hash: its leaf bound to the hash of the event before it. */
export function chainHash(prevHash: string, leaf: string): string {
  return sha256(`${CHAIN_DOMAIN}${prevHash}\n${leaf}`);
}

export type ChainVerified = { ok: true; count: number; head: string; unchained: number };
export type ChainBroken = { ok: false; count: number; brokenAt: number; reason: string };
export type ChainVerdict = ChainVerified | ChainBroken;

/** Where a verification resumes: a prefix of `count` entries, the last with `lastSeq`, already verified. */
export type VerifiedPrefix = { count: number; head: string; unchained: number; lastSeq: number };

/**
 * Checks events one at a time in seq order, so a caller can stream a large table through it; from the
 * start of the log, or after a prefix verified earlier (the events after it must follow on from it).
 * `check` answers why the event breaks the chain, or null; after a break the verdict stays broken.
 * `count` is the number of events checked and intact (including the unchained ones); `head` the hash
 * of the last one (GENESIS_HASH while nothing is chained).
 */
export function chainVerifier(from?: VerifiedPrefix) {
  let count = from?.count ?? 0;
  let unchained = from?.unchained ?? 0;
  let head = from?.head ?? GENESIS_HASH;
  let lastSeq: number | null = from ? from.lastSeq : null;
  let broken: ChainBroken | null = null;

  const reasonFor = (event: StoredAuditEvent): string | null => {
    if (lastSeq !== null && event.seq <= lastSeq) return `it is out of order (seq ${event.seq} after ${lastSeq})`;
    if (event.hash === null && event.prevHash === null) {
      // A leading run without hashes was written before the chain began; once it began, none may lack them.
      return count === unchained ? null : 'it has no hash, but entries before it are chained';
    }
    if (event.hash === null) return 'it has a prev_hash but no hash';
    if (event.prevHash !== head) {
      return head === GENESIS_HASH && count === unchained
        ? 'it is the first chained entry, but its prev_hash is not the genesis hash (entries before it are missing or were unhashed)'
        : 'its prev_hash does not match the hash of the entry before it';
    }
    if (chainHash(event.prevHash, leafHash(event)) !== event.hash) return 'its content does not match its hash';
    return null;
  };

  return {
    check(event: StoredAuditEvent): string | null {
      if (broken) return broken.reason;
      const reason = reasonFor(event);
      if (reason !== null) {
        broken = { ok: false, count, brokenAt: event.seq, reason };
        return reason;
      }
      count += 1;
      lastSeq = event.seq;
      if (event.hash === null) unchained += 1;
      else head = event.hash;
      return null;
    },
    verdict(): ChainVerdict {
      return broken ?? { ok: true, count, head, unchained };
    },
    /** The seq of the last intact event (null while none). */
    lastSeq(): number | null {
      return lastSeq;
    },
  };
}

/** Verifies a whole chain held in memory (the server streams through chainVerifier instead). */
export function verifyChain(events: Iterable<StoredAuditEvent>): ChainVerdict {
  const verifier = chainVerifier();
  for (const event of events) if (verifier.check(event) !== null) break;
  return verifier.verdict();
}
