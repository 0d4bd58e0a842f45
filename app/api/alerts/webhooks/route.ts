import { WEBHOOK_MANAGERS } from '@/lib/alerts/rules';
import { AlertPage, WebhookCreateBody } from '@/lib/alerts/schema';
import { readPageQuery } from '@/lib/pagination/query';
import { createWebhook, listWebhooks } from '@/lib/server/alerts/webhooks';
import { json, parseBody, route } from '@/lib/server/http/route';
import { keysetPaging } from '@/lib/server/pagination/keyset';

/** `GET /api/alerts/webhooks`: the endpoints, newest first, without their secrets. */
export const GET = route({ anyRole: WEBHOOK_MANAGERS }, async ({ app, req }) => {
  const paging = keysetPaging(app, { list: 'webhooks', filter: {} }, readPageQuery(AlertPage, Object.fromEntries(new URL(req.url).searchParams)));
  const { items, nextCursor } = paging.page(await listWebhooks(app.db, paging.request));
  return json({ webhooks: items, nextCursor });
});

/** `POST /api/alerts/webhooks` `{ url, description?, rules? }`: the answer carries the signing secret, the only time it is shown. */
export const POST = route({ anyRole: WEBHOOK_MANAGERS }, async ({ app, req, user }) => {
  const body = await parseBody(req, WebhookCreateBody);
  return json(await createWebhook(app.db, app.auth.options.secret as string, { ...body, actorId: user.id }), 201);
});
