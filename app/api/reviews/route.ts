import { json, route } from '@/lib/server/http/route';
import { InboxQuery, listInbox } from '@/lib/server/promotion/inbox';

/** The requests waiting for the caller's decision, oldest first (`?cursor=&limit=`). */
export const GET = route({ signedIn: true }, async ({ app, req, user }) => {
  const query = InboxQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return json(await listInbox(app.db, user, query));
});
