import { describe, expect, it } from 'vitest';
import { SignInLimit } from './sign-in-limit';

describe('SignInLimit', () => {
  it('refuses an account after its failures, the right password too, until the window has passed', () => {
    let now = 0;
    const limit = new SignInLimit({ max: 3, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limit.retryAfterSeconds('Ana@X.test')).toBe(0);
      limit.recordFailure('ana@x.test ');
    }
    expect(limit.retryAfterSeconds('ana@x.test')).toBe(60);
    expect(limit.retryAfterSeconds('bob@x.test')).toBe(0);
    now = 59_001;
    expect(limit.retryAfterSeconds('ana@x.test')).toBe(1);
    now = 60_000;
    expect(limit.retryAfterSeconds('ana@x.test')).toBe(0);
  });

  it('forgets the failures after a successful sign-in', () => {
    const limit = new SignInLimit({ max: 2, windowMs: 60_000 }, () => 0);
    limit.recordFailure('ana@x.test');
    limit.recordSuccess('ana@x.test');
    limit.recordFailure('ana@x.test');
    expect(limit.retryAfterSeconds('ana@x.test')).toBe(0);
  });
});
