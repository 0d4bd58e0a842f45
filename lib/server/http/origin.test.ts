import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { assertJsonBody, assertSameOrigin } from './origin';

const ALLOWED = ['http://localhost:3000', 'http://127.0.0.1:3000'];
const request = (method: string, headers: Record<string, string>) => new Request('http://localhost:3000/api/x', { method, headers });

function refusal(check: () => void): { code: string; message: string } | null {
  try {
    check();
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe('assertSameOrigin', () => {
  it.each([
    ['a forged form on another port', { origin: 'http://localhost:4000', 'sec-fetch-site': 'same-site' }, 'cross-origin request refused: Origin http://localhost:4000 is not http://localhost:3000'],
    ['another site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, 'cross-origin request refused: Origin https://evil.example is not http://localhost:3000'],
    ['an opaque origin (sandboxed frame, data: URL)', { origin: 'null' }, 'cross-origin request refused: Origin null is not http://localhost:3000'],
    ['fetch metadata alone saying same-site', { 'sec-fetch-site': 'same-site' }, 'cross-origin request refused: Sec-Fetch-Site is same-site, not same-origin'],
    ['our origin but metadata saying cross-site', { origin: 'http://localhost:3000', 'sec-fetch-site': 'cross-site' }, 'cross-origin request refused: Sec-Fetch-Site is cross-site, not same-origin'],
  ])('refuses a state change from %s', (_, headers, message) => {
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) expect(refusal(() => assertSameOrigin(request(method, headers), ALLOWED))).toEqual({ code: 'forbidden', message });
  });

  it.each([
    ['our own page', { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }],
    ['the demo twin origin', { origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }],
    ['a browser that sends only fetch metadata', { 'sec-fetch-site': 'same-origin' }],
    // No browser omits both on a POST; the CLI, curl and Playwright's request client do.
    ['a non-browser client (no Origin, no Sec-Fetch-Site)', {}],
  ])('lets %s through', (_, headers) => {
    expect(refusal(() => assertSameOrigin(request('POST', headers), ALLOWED))).toBeNull();
  });

  it('never refuses a read', () => {
    expect(refusal(() => assertSameOrigin(request('GET', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), ALLOWED))).toBeNull();
  });
});

describe('assertJsonBody', () => {
  const withBody = (type: string | null) =>
    new Request('http://localhost:3000/api/x', { method: 'POST', headers: type ? { 'content-type': type, 'content-length': '2' } : { 'content-length': '2' }, body: new TextEncoder().encode('{}') });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain;charset=UTF-8'])('answers 415 to a %s body', (type) => {
    expect(refusal(() => assertJsonBody(withBody(type)))).toEqual({ code: 'unsupported_media_type', message: `the request body must be application/json, not ${type.split(';')[0]}` });
  });

  it('answers 415 to a body without a type', () => {
    expect(refusal(() => assertJsonBody(withBody(null)))).toEqual({ code: 'unsupported_media_type', message: 'the request body must be application/json' });
  });

  it('accepts another type only where a route names it', () => {
    expect(refusal(() => assertJsonBody(withBody('text/csv'), ['text/csv']))).toBeNull();
    expect(refusal(() => assertJsonBody(withBody('text/plain'), ['text/csv']))).toEqual({ code: 'unsupported_media_type', message: 'the request body must be text/csv, not text/plain' });
  });

  it('accepts JSON (with a charset too) and a POST without a body', () => {
    expect(refusal(() => assertJsonBody(withBody('application/json')))).toBeNull();
    expect(refusal(() => assertJsonBody(withBody('Application/JSON; charset=utf-8')))).toBeNull();
    expect(refusal(() => assertJsonBody(new Request('http://localhost:3000/api/x', { method: 'POST' })))).toBeNull();
  });
});
