import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'assay.connections.secret.v1';
const PREFIX = 'v1';

/** The sealing key: HKDF-SHA256 of the app secret under its own label, so it is no other key of the
 * app (sessions, audit checkpoints) and a leak of one says nothing about the others. */
export function connectionKey(appSecret: string): Buffer {
  return sealingKey(appSecret, INFO);
}

/** A sealing key for another kind of stored secret (webhook signing secrets), under its own label. */
export function sealingKey(appSecret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(appSecret, 'utf8'), Buffer.alloc(0), info, 32));
}

/** AES-256-GCM with a fresh 96-bit IV; the connection id is the associated data, so a sealed secret
 * copied onto another connection's row does not open. */
export function sealSecret(key: Buffer, connectionId: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(connectionId, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

export function openSecret(key: Buffer, connectionId: string, sealed: string): string {
  const [prefix, iv, tag, body] = sealed.split(':');
  if (prefix !== PREFIX || !iv || !tag || body === undefined) throw new Error('the stored connection secret has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(connectionId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // Never the ciphertext or the key in the message: only what went wrong.
    throw new Error('the stored connection secret does not open with this ASSAY_SECRET (was the secret changed?)');
  }
}
