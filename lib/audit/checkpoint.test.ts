import { describe, expect, it } from 'vitest';
import { Checkpoint, checkpointKey, checkpointSignatureValid, signCheckpoint } from './checkpoint';

const key = checkpointKey('test-secret-that-is-long-enough-for-better-auth');
const claim = { count: 3, head: 'a'.repeat(64), at: '2025-01-02T03:04:05.678Z' };

describe('audit checkpoints', () => {
  it('signs with HMAC-SHA256 under the HKDF-derived key (vector computed independently with Python hmac)', () => {
    expect(signCheckpoint(key, claim).signature).toBe('531fe0c0055747de451064ba32673937b953992bcbcc7659bd9b6effa5220dab');
  });

  it('accepts its own signature and refuses any change of count, head, time or key', () => {
    const signed = signCheckpoint(key, claim);
    expect(checkpointSignatureValid(key, signed)).toBe(true);
    expect(checkpointSignatureValid(key, { ...signed, count: 4 })).toBe(false);
    expect(checkpointSignatureValid(key, { ...signed, head: 'b'.repeat(64) })).toBe(false);
    expect(checkpointSignatureValid(key, { ...signed, at: '2025-01-02T03:04:05.679Z' })).toBe(false);
    expect(checkpointSignatureValid(checkpointKey('another-secret-that-is-long-enough-too'), signed)).toBe(false);
  });

  it('parses an exported checkpoint and refuses malformed ones', () => {
    const signed = signCheckpoint(key, claim);
    expect(Checkpoint.parse(JSON.parse(JSON.stringify(signed)))).toEqual(signed);
    expect(Checkpoint.safeParse({ ...signed, extra: 1 }).success).toBe(false);
    expect(Checkpoint.safeParse({ ...signed, head: 'A'.repeat(64) }).success).toBe(false);
    expect(Checkpoint.safeParse({ ...signed, count: -1 }).success).toBe(false);
    expect(Checkpoint.safeParse({ ...signed, at: 'yesterday' }).success).toBe(false);
  });
});
