import { describe, expect, it } from 'vitest';
import { clientIp, PEER_HEADER } from './client-ip';

const headers = (peer: string | null, forwarded?: string) =>
  new Headers({ ...(peer ? { [PEER_HEADER]: peer } : {}), ...(forwarded ? { 'x-forwarded-for': forwarded } : {}) });

describe('clientIp', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy, whatever it says', () => {
    expect(clientIp(headers('203.0.113.9', '198.51.100.1'), [])).toBe('203.0.113.9');
    expect(clientIp(headers('203.0.113.9', '198.51.100.2'), ['10.0.0.1'])).toBe('203.0.113.9');
    expect(clientIp(headers('::ffff:203.0.113.9', '1.1.1.1'), [])).toBe('203.0.113.9');
  });

  it('reads the chain from the right behind trusted proxies, so a client-written prefix is ignored', () => {
    expect(clientIp(headers('10.0.0.1', '198.51.100.7'), ['10.0.0.1'])).toBe('198.51.100.7');
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    expect(clientIp(headers('10.0.0.1', '1.2.3.4, 198.51.100.7'), ['10.0.0.1'])).toBe('198.51.100.7');
    // Two proxies, both trusted (one by range).
    expect(clientIp(headers('10.0.0.1', '1.2.3.4, 198.51.100.7, 10.0.5.5'), ['10.0.0.1', '10.0.5.0/24'])).toBe('198.51.100.7');
  });

  it('falls back to the proxy itself on a missing or malformed chain, and knows nothing without a peer', () => {
    expect(clientIp(headers('10.0.0.1'), ['10.0.0.1'])).toBe('10.0.0.1');
    expect(clientIp(headers('10.0.0.1', 'not-an-ip'), ['10.0.0.1'])).toBe('10.0.0.1');
    expect(clientIp(headers(null, '198.51.100.7'), ['10.0.0.1'])).toBeNull();
  });
});
