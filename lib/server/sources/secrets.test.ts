import { describe, expect, it } from 'vitest';
import { connectionKey, openSecret, sealSecret } from './secrets';

describe('connection secrets', () => {
  const key = connectionKey('an-app-secret-that-is-long-enough-0123456789');

  it('round-trips, with a fresh IV each time and no plaintext in the sealed form', () => {
    const a = sealSecret(key, 'c1', 'hunter2-password');
    const b = sealSecret(key, 'c1', 'hunter2-password');
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(openSecret(key, 'c1', a)).toBe('hunter2-password');
  });

  it('does not open under another connection id, another app secret, or tampered', () => {
    const sealed = sealSecret(key, 'c1', 'hunter2-password');
    expect(() => openSecret(key, 'c2', sealed)).toThrow(/does not open/);
    expect(() => openSecret(connectionKey('another-app-secret-that-is-long-enough-xx'), 'c1', sealed)).toThrow(/does not open/);
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered').toString('base64');
    expect(() => openSecret(key, 'c1', parts.join(':'))).toThrow(/does not open/);
  });
});
