import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { users } from '@/lib/server/db/schema';
import { openTestDatabase, TEST_DATABASES } from '@/lib/server/testing/databases';
import type { Database } from '@/lib/server/db/client';
import { listNotifications, markRead, notify, unreadCount } from './notifications';

describe.each(TEST_DATABASES)('notifications on %s', (kind) => {
  let database: Database;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(kind));
    await database.db.insert(users).values([
      { id: 'u-ann', name: 'Ann', email: 'ann@example.com', emailVerified: true },
      { id: 'u-bob', name: 'Bob', email: 'bob@example.com', emailVerified: true },
    ]);
  });
  afterAll(() => close());

  const tell = (userIds: string[], title: string) =>
    notify(database.db, { userIds, kind: 'test.event', title, objectType: 'dataset', objectId: 'd1', href: '/catalog' });

  it('delivers one row per distinct recipient and counts unread ones', async () => {
    await tell(['u-ann', 'u-bob', 'u-ann'], 'first');
    expect(await unreadCount(database.db, 'u-ann')).toBe(1);
    expect(await unreadCount(database.db, 'u-bob')).toBe(1);
    await tell([], 'nobody');
    expect(await unreadCount(database.db, 'u-ann')).toBe(1);
  });

  it('pages newest first with a cursor, and the pages together are every row once', async () => {
    for (let i = 0; i < 7; i++) await tell(['u-ann'], `n${i}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listNotifications(database.db, 'u-ann', { limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((n) => n.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['n6', 'n5', 'n4', 'n3', 'n2', 'n1', 'n0', 'first']);
  });

  it('marks only the caller\'s own notifications read', async () => {
    const bobs = await listNotifications(database.db, 'u-bob');
    await markRead(database.db, 'u-ann', bobs.items.map((n) => n.id));
    expect(await unreadCount(database.db, 'u-bob')).toBe(1);
    const [newest] = (await listNotifications(database.db, 'u-ann', { limit: 1 })).items;
    await markRead(database.db, 'u-ann', [newest!.id]);
    expect(await unreadCount(database.db, 'u-ann')).toBe(7);
    const unread = await listNotifications(database.db, 'u-ann', { unreadOnly: true, limit: 100 });
    expect(unread.items.map((n) => n.title)).not.toContain('n6');
    await markRead(database.db, 'u-ann', 'all');
    expect(await unreadCount(database.db, 'u-ann')).toBe(0);
  });

  it('refuses a forged cursor and a cursor from another filter, naming the parameter', async () => {
    await expect(listNotifications(database.db, 'u-ann', { cursor: 'not-a-cursor' })).rejects.toThrow(/^cursor:/);
    const page = await listNotifications(database.db, 'u-ann', { limit: 2 });
    const error = await listNotifications(database.db, 'u-ann', { cursor: page.nextCursor!, unreadOnly: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bad_request');
    expect((error as AppError).message).toMatch(/another filter/);
  });
});
