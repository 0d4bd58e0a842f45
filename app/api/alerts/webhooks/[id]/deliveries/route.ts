import { WEBHOOK_MANAGERS } from '@/lib/alerts/rules';
import { DeliveryPage } from '@/lib/alerts/schema';
import { readPageQuery } from '@/lib/pagination/query';
import { listDeliveries } from '@/lib/server/alerts/deliveries';
import { json, param, route } from '@/lib/server/http/route';
import { keysetPaging } from '@/lib/server/pagination/keyset';

/** `GET …/deliveries`: every attempt to deliver to this endpoint, newest first. */
export const GET = route({ anyRole: WEBHOOK_MANAGERS }, async ({ app, req, params }) => {
  const id = param(params, 'id');
  const paging = keysetPaging(app, { list: 'webhook_deliveries', filter: { id } }, readPageQuery(DeliveryPage, Object.fromEntries(new URL(req.url).searchParams)));
  const { items, nextCursor } = paging.page(await listDeliveries(app.db, id, paging.request));
  return json({ deliveries: items, nextCursor });
});
