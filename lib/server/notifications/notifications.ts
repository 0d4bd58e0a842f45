import 'server-only';
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/lib/server/db/client';
import { notifications } from '@/lib/server/db/schema';
import { afterKey, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';

export type NotificationRow = typeof notifications.$inferSelect;

export type NotificationInput = {
  userIds: string[];
  kind: string;
  title: string;
  body?: string;
  href?: string;
  objectType: string;
  objectId: string;
};

/** One row per distinct recipient; call it inside the transaction that makes the change it tells of. */
export async function notify(db: Db | Tx, input: NotificationInput): Promise<void> {
  const recipients = [...new Set(input.userIds)];
  if (recipients.length === 0) return;
  await db.insert(notifications).values(
    recipients.map((userId) => ({
      userId,
      kind: input.kind,
      title: input.title,
      body: input.body ?? null,
      href: input.href ?? null,
      objectType: input.objectType,
      objectId: input.objectId,
    })),
  );
}

/** Newest first, keyset by id (the index is on user_id, id); `unreadOnly` filters in SQL before the limit. */
export async function listNotifications(db: Db, userId: string, filter: { unreadOnly: boolean }, page: PageRequest): Promise<KeyedPage<NotificationRow>> {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), filter.unreadOnly ? isNull(notifications.readAt) : undefined, afterKey(page, 'desc', [[notifications.id, 'bigint']])))
    .orderBy(desc(notifications.id))
    .limit(page.limit + 1);
  return keyedPage(rows, page, (row) => [row.id]);
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Only the caller's own notifications are touched; ids of someone else's are ignored. */
export async function markRead(db: Db, userId: string, ids: number[] | 'all'): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids === 'all' ? undefined : inArray(notifications.id, ids)));
}
