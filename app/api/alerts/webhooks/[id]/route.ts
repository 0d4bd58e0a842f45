import { WEBHOOK_MANAGERS } from '@/lib/alerts/rules';
import { WebhookUpdateBody } from '@/lib/alerts/schema';
import { deleteWebhook, getWebhookOrThrow, updateWebhook } from '@/lib/server/alerts/webhooks';
import { json, param, parseBody, route } from '@/lib/server/http/route';

export const GET = route({ anyRole: WEBHOOK_MANAGERS }, async ({ app, params }) => json({ webhook: await getWebhookOrThrow(app.db, param(params, 'id')) }));

/** `PATCH …` `{ url?, description?, enabled?, rules? }`: the secret stays as it is. */
export const PATCH = route({ anyRole: WEBHOOK_MANAGERS }, async ({ app, req, params, user }) => {
  const change = await parseBody(req, WebhookUpdateBody);
  return json({ webhook: await updateWebhook(app.db, param(params, 'id'), change, user.id) });
});

/** Nothing is delivered to it again, queued retries included; its delivery log stays. */
export const DELETE = route({ anyRole: WEBHOOK_MANAGERS }, async ({ app, params, user }) => {
  await deleteWebhook(app.db, param(params, 'id'), user.id);
  return json({ deleted: true });
});
