import { WEBHOOK_MANAGERS } from '@/lib/alerts/rules';
import { queueTestDelivery } from '@/lib/server/alerts/webhooks';
import { json, param, route } from '@/lib/server/http/route';
import { wakeJobs } from '@/lib/server/jobs/jobs';

/** `POST …/test`: queues one signed `webhook.test` event; its attempts appear in the delivery log. */
export const POST = route({ anyRole: WEBHOOK_MANAGERS }, async ({ app, params }) => {
  const queued = await queueTestDelivery(app.db, param(params, 'id'));
  wakeJobs();
  return json(queued, 202);
});
