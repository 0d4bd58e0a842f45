import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';

const HEX_HASH = /^[0-9a-f]{64}$/;
const CHECKPOINT_INFO = 'assay.audit.checkpoint.v1';

/** What a checkpoint states: after `count` entries the chain's head was `head`, as of `at`. */
export type CheckpointClaim = { count: number; head: string; at: string };
export type Checkpoint = CheckpointClaim & { signature: string };

/** A checkpoint as exported by GET /api/audit/checkpoint; unknown keys are refused so a reader cannot
 * believe a field was covered by the signature when it was not. */
export const Checkpoint = z.strictObject({
  count: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  head: z.string().regex(HEX_HASH, 'a sha-256 hash, 64 lowercase hex digits'),
  at: z.iso.datetime({ offset: true }),
  signature: z.string().regex(HEX_HASH, 'an HMAC-SHA256, 64 lowercase hex digits'),
});

/** The signing key: HKDF-SHA256 of the app secret, so the secret itself never signs anything else's
 * data and a leaked checkpoint key says nothing about session signing. */
export function checkpointKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), CHECKPOINT_INFO, 32));
}

function mac(key: Buffer, claim: CheckpointClaim): string {
  const text = canonicalize({ count: claim.count, head: claim.head, at: claim.at });
  if (text === undefined) throw new Error('the checkpoint has no JSON form');
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

export function signCheckpoint(key: Buffer, claim: CheckpointClaim): Checkpoint {
  return { ...claim, signature: mac(key, claim) };
}

export function checkpointSignatureValid(key: Buffer, checkpoint: Checkpoint): boolean {
  const expected = Buffer.from(mac(key, checkpoint), 'hex');
  const given = Buffer.from(checkpoint.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
