import { SubmitBody } from '@/lib/promotion/types';
import { json, parseBody, route } from '@/lib/server/http/route';
import { wakeJobs } from '@/lib/server/jobs/jobs';
import { listPromotions, submitPromotion } from '@/lib/server/promotion/promotions';

export const GET = route({ signedIn: true }, async ({ app, req }) => {
  const pipelineId = new URL(req.url).searchParams.get('pipelineId') ?? undefined;
  return json({ promotions: await listPromotions(app.db, { pipelineId }) });
});

export const POST = route({ anyRole: ['analyst'] }, async ({ app, req, user }) => {
  const body = await parseBody(req, SubmitBody);
  const { id } = await submitPromotion(app.db, user, body);
  wakeJobs();
  return json({ id }, 201);
});
