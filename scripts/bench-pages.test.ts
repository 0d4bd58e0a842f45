import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The bare duckdb-wasm page that `npm run bench` compares the app with is served by the app, under its
// Content Security Policy (script-src 'self' with a per-request nonce): an inline script or an import
// map there is blocked and the benches time out, which no other test would notice.
describe('bench/bare.html', () => {
  const html = readFileSync('bench/bare.html', 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/giu)].map((m) => ({ attributes: m[1] ?? '', body: (m[2] ?? '').trim() }));

  it('loads only same-origin script files: nothing inline, no import map', () => {
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(script.attributes).toMatch(/\bsrc="\/bench\/[\w.-]+"/u);
      expect(script.attributes).not.toMatch(/importmap/u);
      expect(script.body).toBe('');
    }
  });

  it('imports duckdb-wasm by a path (a bare specifier would need an import map)', () => {
    const source = readFileSync('bench/bare.mjs', 'utf8');
    const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'/gu)].map((m) => m[1]);
    expect(specifiers).toEqual(['/bench/duckdb-browser.mjs']);
  });
});
