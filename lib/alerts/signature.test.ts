import { describe, expect, it } from 'vitest';
import { alertStep, notifies } from './grouping';
import { signWebhook, verifyWebhookSignature } from './signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({ id: 'evt_1', type: 'alert.fired' });

  it('signs as t=<unix>,v1=<hex HMAC-SHA-256 of "<t>.<body>">', () => {
    expect(signWebhook(secret, body, 1_700_000_000)).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
  });

  it('verifies its own signature within the tolerance', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(verifyWebhookSignature({ secret, body, header, now: 1_700_000_100 })).toEqual({ ok: true, timestamp: 1_700_000_000 });
  });

  it.each([
    ['another body', { body: body + ' ' }, 'no signature matches the body under this secret'],
    ['another secret', { secret: 'whsec_other' }, 'no signature matches the body under this secret'],
    ['an old timestamp', { now: 1_700_000_000 + 301 }, 'the signed timestamp is outside the tolerance'],
    ['no header', { header: null }, 'no Assay-Signature header'],
    ['a malformed header', { header: 'sha256=abc' }, 'Assay-Signature is not "t=<unix>,v1=<hex>"'],
    ['a truncated signature', { header: 'CUT' }, 'no signature matches the body under this secret'],
  ])('refuses %s', (_name, change, reason) => {
    const header = signWebhook(secret, body, 1_700_000_000);
    const input = { secret, body, header, now: 1_700_000_000, ...change };
    if (input.header === 'CUT') input.header = header.slice(0, -2);
    expect(verifyWebhookSignature(input)).toEqual({ ok: false, reason });
  });

  it('matches an independent HMAC of "<t>.<body>"', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });
});

describe('alert grouping', () => {
  it('opens an episode on the first firing, counts repeats, closes on resolution and ignores a resolution with nothing open', () => {
    expect(alertStep('fire', false)).toBe('open');
    expect(alertStep('fire', true)).toBe('count');
    expect(alertStep('resolve', true)).toBe('close');
    expect(alertStep('resolve', false)).toBe('nothing');
    expect((['open', 'count', 'close', 'nothing'] as const).filter(notifies)).toEqual(['open', 'close']);
  });
});
