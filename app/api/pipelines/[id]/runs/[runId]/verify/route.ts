import { z } from 'zod';
import { RUN_TRIGGERERS } from '@/lib/runs/roles';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { wakeJobs } from '@/lib/server/jobs/jobs';
import { getRunOrThrow, RunId } from '@/lib/server/runs/read';
import { requestVerification } from '@/lib/server/runs/verify';

/** Re-executes the run from its recorded snapshots in a scratch schema and compares fingerprints. */
export const POST = route({ anyRole: RUN_TRIGGERERS }, async ({ app, req, params, user }) => {
  await parseBody(req, z.strictObject({}));
  const run = await getRunOrThrow(app.db, param(params, 'id'), RunId.parse(param(params, 'runId')));
  const job = await requestVerification(app.db, { runId: run.id, userId: user.id });
  wakeJobs();
  return json({ jobId: job.id, message: `verification of run ${run.id} is queued` }, 202);
});
