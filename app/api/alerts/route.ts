import { AlertFilter, AlertPage } from '@/lib/alerts/schema';
import { readPageQuery } from '@/lib/pagination/query';
import { listAlerts } from '@/lib/server/alerts/alerts';
import { json, route } from '@/lib/server/http/route';
import { keysetPaging } from '@/lib/server/pagination/keyset';

/** `GET /api/alerts?status=open|resolved`: alert episodes, newest first; `nextCursor` keeps the filter. */
export const GET = route({ signedIn: true }, async ({ app, req }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const { status } = AlertFilter.parse(query);
  const paging = keysetPaging(app, { list: 'alerts', filter: { status: status ?? null } }, readPageQuery(AlertPage, query));
  const { items, nextCursor } = paging.page(await listAlerts(app.db, { status }, paging.request));
  return json({ alerts: items, nextCursor });
});
