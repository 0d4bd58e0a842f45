import { describe, expect, it } from 'vitest';
import { assetPolicy, isPagePath, newNonce, pagePolicy } from './security-headers';

const directives = (policy: string) => Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('the Content Security Policy', () => {
  it('allows only our origin, scripts by nonce, wasm but never eval, and no framing', () => {
    const page = directives(pagePolicy('abc'));
    expect(page['default-src']).toEqual(["'self'"]);
    expect(page['script-src']).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'", "'wasm-unsafe-eval'"]);
    expect(page['worker-src']).toEqual(["'self'", 'blob:']);
    expect(page['connect-src']).toEqual(["'self'"]);
    expect(page['frame-ancestors']).toEqual(["'none'"]);
    expect(page['object-src']).toEqual(["'none'"]);
    for (const policy of [pagePolicy('abc'), assetPolicy()]) {
      expect(policy).not.toContain("'unsafe-eval'");
      expect(policy).not.toMatch(/https?:|\*/);
    }
  });

  it('tells pages from API routes and files, and makes a fresh nonce each time', () => {
    expect(['/', '/notebooks', '/promotions/pr_1', '/share/tok'].every(isPagePath)).toBe(true);
    expect(['/api/health', '/_next/static/x.js', '/duckdb/1.32.0/duckdb-eh.wasm', '/icon.svg'].some(isPagePath)).toBe(false);
    expect(newNonce()).not.toBe(newNonce());
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
