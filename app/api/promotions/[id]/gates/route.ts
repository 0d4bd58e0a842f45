import { json, param, route } from '@/lib/server/http/route';
import { wakeJobs } from '@/lib/server/jobs/jobs';
import { getPromotionOrThrow, rerunGates } from '@/lib/server/promotion/promotions';

export const POST = route({ anyRole: ['analyst', 'reviewer', 'steward'] }, async ({ app, params, user }) => {
  const requestId = param(params, 'id');
  await rerunGates(app.db, { requestId, user });
  wakeJobs();
  return json({ promotion: await getPromotionOrThrow(app.db, requestId) }, 202);
});
