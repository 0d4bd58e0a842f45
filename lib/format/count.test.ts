import { describe, expect, it } from 'vitest';
import { formatCount } from './count';

describe('formatCount', () => {
  it('groups thousands the way toLocaleString("en-US") does', () => {
    for (const n of [0, 7, 999, 1000, 1234567, -42000, 2 ** 53 - 1]) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });
});
