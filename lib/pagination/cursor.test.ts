import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { CURSOR_LIFETIME_MS, cursorKey, decodeCursor, encodeCursor } from './cursor';
import { PageQuery, readPageQuery } from './query';

const key = cursorKey('test-secret-that-is-long-enough-for-better-auth');
const scope = { list: 'notebooks', filter: { q: 'churn' } };
const now = Date.UTC(2026, 11, 2, 12);
const refusal = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return error instanceof AppError ? `${error.status} ${error.message}` : String(error);
  }
};

describe('keyset cursors', () => {
  it('give back the key they were issued with, for the same list and filter, in any key order', () => {
    const cursor = encodeCursor(key, scope, ['2026-12-01T10:00:00.123456Z', 'nb_1'], now);
    expect(cursor).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(decodeCursor(key, { list: 'notebooks', filter: { q: 'churn', other: undefined } }, cursor, now + 1_000)).toEqual(['2026-12-01T10:00:00.123456Z', 'nb_1']);
  });

  it.each([
    ['another list', { list: 'experiments', filter: scope.filter }, 0, 'cursor: belongs to another list (notebooks), not to experiments'],
    ['another filter', { list: 'notebooks', filter: { q: 'retention' } }, 0, 'cursor: was issued for other filters; start again from the first page'],
    ['an expired one', scope, CURSOR_LIFETIME_MS + 1_000, 'cursor: has expired; start again from the first page'],
  ])('refuse %s with a 400 naming the cursor', (_, other, later, message) => {
    const cursor = encodeCursor(key, scope, [1], now);
    expect(refusal(() => decodeCursor(key, other, cursor, now + later))).toBe(`400 ${message}`);
  });

  it.each([
    ['text that is no cursor', 'hello'],
    ['a signature of another key', encodeCursor(cursorKey('another-secret-that-is-long-enough-too'), scope, [1], now)],
    ['an edited payload', `${Buffer.from(JSON.stringify([1, 'notebooks', 'x', now / 1000, [2]])).toString('base64url')}.${encodeCursor(key, scope, [1], now).split('.')[1]}`],
    ['three parts', `${encodeCursor(key, scope, [1], now)}.x`],
  ])('refuse %s as not issued here', (_, cursor) => {
    expect(refusal(() => decodeCursor(key, scope, cursor, now))).toBe('400 cursor: not a cursor this server issued');
  });
});

describe('page queries', () => {
  const schema = PageQuery({ defaultLimit: 50, maxLimit: 200 });
  it('default the limit and refuse one outside 1..max, naming the parameter', () => {
    expect(readPageQuery(schema, {})).toEqual({ limit: 50 });
    expect(readPageQuery(schema, { limit: '200', cursor: 'c' })).toEqual({ limit: 200, cursor: 'c' });
    for (const limit of ['0', '-1', '201', '1000000000', '1.5', 'ten']) {
      expect(refusal(() => readPageQuery(schema, { limit }))).toBe('400 limit: a whole number from 1 to 200');
    }
    expect(refusal(() => readPageQuery(schema, { cursor: '' }))).toBe('400 cursor: an empty cursor; leave it out for the first page');
  });
});
