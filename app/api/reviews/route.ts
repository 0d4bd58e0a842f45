import { readPageQuery } from '@/lib/pagination/query';
import { json, route } from '@/lib/server/http/route';
import { keysetPaging } from '@/lib/server/pagination/keyset';
import { InboxPage, listInbox } from '@/lib/server/promotion/inbox';

/** The requests waiting for the caller's decision, oldest first (`?cursor=&limit=`). */
export const GET = route({ signedIn: true }, async ({ app, req, user }) => {
  // The inbox is the caller's own: a cursor is bound to them.
  const paging = keysetPaging(app, { list: 'inbox', filter: { user: user.id } }, readPageQuery(InboxPage, Object.fromEntries(new URL(req.url).searchParams)));
  return json(paging.page(await listInbox(app.db, user, paging.request)));
});
