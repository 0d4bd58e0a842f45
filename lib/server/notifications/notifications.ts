import 'server-only';
import { and, count, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { NOTIFICATION_PAGE_DEFAULT, NOTIFICATION_PAGE_MAX } from '@/lib/notifications/schema';
import type { Db, Tx } from '@/lib/server/db/client';
import { notifications } from '@/lib/server/db/schema';

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

type Cursor = { list: 'notifications'; unread: boolean; before: number };

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

/** A cursor names its list and filter, so one from another list or another filter is refused. */
function decodeCursor(raw: string, unread: boolean): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('bad_request', 'cursor: not a cursor this list gave out');
  }
  const c = parsed as Partial<Cursor> | null;
  if (!c || c.list !== 'notifications' || typeof c.before !== 'number' || !Number.isSafeInteger(c.before) || c.before < 1) {
    throw new AppError('bad_request', 'cursor: not a cursor this list gave out');
  }
  if (c.unread !== unread) throw new AppError('bad_request', 'cursor: it belongs to another filter; start again from the first page');
  return c as Cursor;
}

/** Newest first, keyset by id (the index is on user_id, id). */
export async function listNotifications(
  db: Db,
  userId: string,
  options: { cursor?: string; limit?: number; unreadOnly?: boolean } = {},
): Promise<{ items: NotificationRow[]; nextCursor: string | null }> {
  const unread = options.unreadOnly ?? false;
  const limit = Math.min(Math.max(options.limit ?? NOTIFICATION_PAGE_DEFAULT, 1), NOTIFICATION_PAGE_MAX);
  const cursor = options.cursor ? decodeCursor(options.cursor, unread) : null;
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        unread ? isNull(notifications.readAt) : undefined,
        cursor ? lt(notifications.id, cursor.before) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ list: 'notifications', unread, before: last.id }) : null;
  return { items, nextCursor };
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
