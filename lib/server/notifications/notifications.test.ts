import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  const all = { unreadOnly: false };
  const pageOf = (userId: string, filter = all, after: number | null = null, limit = 100) =>
    listNotifications(database.db, userId, filter, { after: after === null ? null : [after], limit });

  it('pages newest first by id, and the pages together are every row once', async () => {
    for (let i = 0; i < 7; i++) await tell(['u-ann'], `n${i}`);
    const seen: string[] = [];
    let after: number | null = null;
    do {
      const page = await pageOf('u-ann', all, after, 3);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((n) => n.title));
      after = page.nextKey ? Number(page.nextKey[0]) : null;
    } while (after !== null);
    expect(seen).toEqual(['n6', 'n5', 'n4', 'n3', 'n2', 'n1', 'n0', 'first']);
  });

  it("marks only the caller's own notifications read", async () => {
    const bobs = await pageOf('u-bob');
    await markRead(database.db, 'u-ann', bobs.items.map((n) => n.id));
    expect(await unreadCount(database.db, 'u-bob')).toBe(1);
    const [newest] = (await pageOf('u-ann', all, null, 1)).items;
    await markRead(database.db, 'u-ann', [newest!.id]);
    expect(await unreadCount(database.db, 'u-ann')).toBe(7);
    const unread = await pageOf('u-ann', { unreadOnly: true });
    expect(unread.items.map((n) => n.title)).not.toContain('n6');
    await markRead(database.db, 'u-ann', 'all');
    expect(await unreadCount(database.db, 'u-ann')).toBe(0);
  });
});
