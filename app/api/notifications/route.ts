import { NotificationFilter, NotificationPage } from '@/lib/notifications/schema';
import { readPageQuery } from '@/lib/pagination/query';
import { json, route } from '@/lib/server/http/route';
import { listNotifications } from '@/lib/server/notifications/notifications';
import { keysetPaging } from '@/lib/server/pagination/keyset';

/** The caller's notifications, newest first; `nextCursor` continues under the same filter. */
export const GET = route({ signedIn: true }, async ({ app, req, user }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const { unread } = NotificationFilter.parse(query);
  const paging = keysetPaging(app, { list: 'notifications', filter: { unread } }, readPageQuery(NotificationPage, query));
  const { items, nextCursor } = paging.page(await listNotifications(app.db, user.id, { unreadOnly: unread }, paging.request));
  return json({ notifications: items, nextCursor });
});
