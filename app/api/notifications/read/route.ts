import { MarkReadBody } from '@/lib/notifications/schema';
import { json, parseBody, route } from '@/lib/server/http/route';
import { markRead, unreadCount } from '@/lib/server/notifications/notifications';

export const POST = route({ signedIn: true }, async ({ app, req, user }) => {
  const { ids } = await parseBody(req, MarkReadBody);
  await markRead(app.db, user.id, ids);
  return json({ unread: await unreadCount(app.db, user.id) });
});
