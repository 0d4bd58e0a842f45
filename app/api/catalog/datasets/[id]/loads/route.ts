import { LoadRequest } from '@/lib/sources/schema';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { wakeJobs } from '@/lib/server/jobs/jobs';
import { requestLoad } from '@/lib/server/sources/loads';

/** Queues a load job (409 while one is queued or running); the snapshot appears when it finishes. */
export const POST = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, params, user }) => {
  const body = await parseBody(req, LoadRequest);
  const job = await requestLoad(app.db, { datasetId: param(params, 'id'), mode: body.mode, trigger: body.trigger, userId: user.id });
  wakeJobs();
  return json({ job: { id: job.id, status: job.status } }, 202);
});
