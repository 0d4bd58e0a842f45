import { NotificationQuery } from '@/lib/notifications/schema';
import { json, route } from '@/lib/server/http/route';
import { listNotifications, unreadCount } from '@/lib/server/notifications/notifications';

export const GET = route({ signedIn: true }, async ({ app, req, user }) => {
  const query = NotificationQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  const page = await listNotifications(app.db, user.id, { cursor: query.cursor, limit: query.limit, unreadOnly: query.unread });
  return json({ ...page, unread: await unreadCount(app.db, user.id) });
});
