import { SampleRequest } from '@/lib/samples/manifest';
import { SAMPLE_TAKERS } from '@/lib/samples/roles';
import { json, parseBody, route } from '@/lib/server/http/route';
import { wakeJobs } from '@/lib/server/jobs/jobs';
import { requestSample } from '@/lib/server/samples/samples';

/** `POST /api/samples` `{ rate, seed, datasets? }`: a masked sample of production, drawn by a job
 * (202 while it is drawn, 200 when the same sample exists already). */
export const POST = route({ anyRole: SAMPLE_TAKERS }, async ({ app, req, user }) => {
  const request = await parseBody(req, SampleRequest);
  const result = await requestSample(app.db, { request, userId: user.id });
  if (result.status === 'drawing') wakeJobs();
  return json(result, result.status === 'ready' ? 200 : 202);
});
