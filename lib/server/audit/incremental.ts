import 'server-only';
import { desc } from 'drizzle-orm';
import { chainHash, GENESIS_HASH, leafHash, type VerifiedPrefix } from '@/lib/audit/chain';
import { checkpointSignatureValid, signCheckpoint } from '@/lib/audit/checkpoint';
import type { App } from '@/lib/server/app';
import type { Db, Tx } from '@/lib/server/db/client';
import { auditCheckpoints } from '@/lib/server/db/schema';
import { auditChainAlerts } from '@/lib/server/alerts/rules';
import { signingKey } from './checkpoint';
import { eventAt, verifyAfter, type AuditVerification } from './verify';

type KeyedApp = Pick<App, 'db' | 'auth'>;

/**
 * What the audit page shows. `full`: every entry was recomputed now. `quick`: the entries of the latest
 * stored checkpoint (`trusted` of them) were taken from it — after checking its signature and that its
 * last entry still hashes to its head — and only the entries after it were recomputed.
 * `fullAt` is when the whole prefix was last recomputed; `note` says why a quick check became a full one.
 */
export type ChainCheck = AuditVerification & { mode: 'full' | 'quick'; trusted: number; fullAt: Date | null; note: string | null };

export type FullVerification = { verification: AuditVerification; lastSeq: number; at: Date };

/** Recomputes the whole chain (the one-click check and the scheduled job). */
export async function verifyFully(db: Db): Promise<FullVerification> {
  const at = new Date();
  return { ...(await verifyAfter(db)), at };
}

/** Remembers a verified prefix as a signed checkpoint (nothing for a broken chain: it would vouch for
 * the tampering). Inside `tx` when given (the scheduled job stores it with its own completion). */
export async function rememberVerified(
  app: Pick<App, 'auth'>,
  db: Db | Tx,
  input: { verification: AuditVerification; lastSeq: number; kind: 'full' | 'quick'; fullAt: Date },
): Promise<void> {
  const { verification } = input;
  if (!verification.ok) return;
  const signed = signCheckpoint(signingKey(app), { count: verification.count, head: verification.head, at: new Date().toISOString() });
  await db.insert(auditCheckpoints).values({
    ...signed,
    lastSeq: input.lastSeq,
    unchained: verification.unchained,
    kind: input.kind,
    fullAt: input.fullAt,
  });
}

async function fullCheck(app: KeyedApp, note: string | null): Promise<ChainCheck> {
  const full = await verifyFully(app.db);
  await rememberVerified(app, app.db, { ...full, kind: 'full', fullAt: full.at });
  return { ...full.verification, mode: 'full', trusted: 0, fullAt: full.verification.ok ? full.at : null, note };
}

/**
 * The chain's state for a page load. `full: true` recomputes everything. Otherwise, from the latest
 * stored checkpoint: its HMAC must verify (else: a full check, saying why), the entry at its end must
 * still exist, hash to its own stored hash from its prev_hash, and carry the checkpoint's head (else:
 * broken there), and every later entry must chain on from it. A verified advance is remembered.
 */
export async function checkAuditChain(app: KeyedApp, options: { full?: boolean } = {}): Promise<ChainCheck> {
  const check = await chainState(app, options);
  // A break alerts the admins; only a full pass resolves (a quick one that passes tells nothing new).
  if (!check.ok || check.mode === 'full') {
    await app.db.transaction((tx) => auditChainAlerts(tx, check.ok ? { ok: true, full: check.mode === 'full' } : check));
  }
  return check;
}

async function chainState(app: KeyedApp, { full = false }: { full?: boolean }): Promise<ChainCheck> {
  if (full) return fullCheck(app, null);
  const [checkpoint] = await app.db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
  if (!checkpoint) return fullCheck(app, 'no verified checkpoint was stored yet');
  if (!checkpointSignatureValid(signingKey(app), checkpoint)) {
    return fullCheck(app, `the stored checkpoint #${checkpoint.id} does not carry this server's signature`);
  }
  const prefix: VerifiedPrefix = { count: checkpoint.count, head: checkpoint.head, unchained: checkpoint.unchained, lastSeq: checkpoint.lastSeq };
  const quick = { mode: 'quick' as const, trusted: checkpoint.count, fullAt: checkpoint.fullAt, note: null };
  if (checkpoint.count > 0) {
    const last = await eventAt(app.db, checkpoint.lastSeq);
    const chained = checkpoint.head !== GENESIS_HASH;
    const broken = (reason: string): ChainCheck => ({
      ...quick,
      ok: false,
      count: checkpoint.count - 1,
      brokenAt: { seq: checkpoint.lastSeq, action: last?.action ?? '(missing)', objectType: last?.objectType ?? '', objectId: last?.objectId ?? '' },
      reason,
    });
    if (!last) return broken('the last entry of the verified checkpoint is missing');
    if (chained && (last.hash === null || last.prevHash === null || chainHash(last.prevHash, leafHash(last)) !== last.hash)) {
      return broken('its content does not match its hash');
    }
    if (chained ? last.hash !== checkpoint.head : last.hash !== null) return broken('it no longer carries the head hash of the signed checkpoint');
  }
  const { verification, lastSeq } = await verifyAfter(app.db, prefix);
  if (verification.ok && verification.count > checkpoint.count) {
    await rememberVerified(app, app.db, { verification, lastSeq, kind: 'quick', fullAt: checkpoint.fullAt });
  }
  return { ...verification, ...quick };
}
