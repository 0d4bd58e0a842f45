import { createHash } from 'node:crypto';

/** RFC 4122's URL namespace: the name hashed below is a URL-like path of Assay's own. */
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/**
 * A UUID version 5 (SHA-1, RFC 4122 §4.3) of `name`: the same Assay run or load always gets the same
 * OpenLineage runId, so its START and its COMPLETE/FAIL, built in different transactions (and after a
 * restart), name one run without storing the id anywhere.
 */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(URL_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
