import { ResubmitBody } from '@/lib/promotion/types';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { wakeJobs } from '@/lib/server/jobs/jobs';
import { getPromotionOrThrow, resubmit } from '@/lib/server/promotion/promotions';

/** The author's fixed submission on their open request: the gates run again on it. */
export const POST = route({ anyRole: ['analyst'] }, async ({ app, req, params, user }) => {
  const requestId = param(params, 'id');
  const { submission } = await parseBody(req, ResubmitBody);
  const { number } = await resubmit(app.db, { requestId, user, submission });
  wakeJobs();
  return json({ number, promotion: await getPromotionOrThrow(app.db, requestId) }, 201);
});
