// Server side only (node:crypto): client code must never import this module.
import { createHmac, hkdfSync } from 'node:crypto';

/** How a pseudonym looks: an id stays a positive BIGINT (so keys still join), an email stays
 * email-shaped, anything else becomes a short token. */
export type PseudonymShape = 'id' | 'email' | 'text';

const SALT = 'assay.masking.v1';
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** The HMAC key of one purpose: HKDF-SHA-256 of the app secret, so a purpose label (e.g.
 * `customers.customer_id`) gives every table that shares it the same pseudonyms and nothing else. */
export function purposeKey(appSecret: string, purpose: string): Buffer {
  if (appSecret.length < 32) throw new Error('the masking secret must be at least 32 characters');
  if (purpose.length === 0) throw new Error('a pseudonym needs a purpose label');
  return Buffer.from(hkdfSync('sha256', appSecret, SALT, `assay.pseudonymise:${purpose}`, 32));
}

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[(bytes[i] ?? 0) & 31];
  return out;
}

/** Keyed HMAC-SHA-256 of the value's text, encoded to look like `shape`. Integers are hashed as their
 * decimal text, so the BIGINT 42 and the text '42' get the same pseudonym. */
export function pseudonymise(key: Buffer, value: string | bigint | number, shape: PseudonymShape): string | bigint {
  const mac = createHmac('sha256', key).update(String(value), 'utf8').digest();
  switch (shape) {
    case 'id':
      // 62 bits: positive, never 0, and well inside BIGINT.
      return (mac.readBigUInt64BE(0) >> 2n) + 1n;
    case 'email':
      return `${base32(mac, 12)}@${base32(mac.subarray(12), 6)}.invalid`;
    case 'text':
      return base32(mac, 16);
    default: {
      const never: never = shape;
      throw new Error(`unknown pseudonym shape ${String(never)}`);
    }
  }
}
