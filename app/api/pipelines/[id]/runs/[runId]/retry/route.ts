import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { RUN_TRIGGERERS } from '@/lib/runs/roles';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { wakeJobs } from '@/lib/server/jobs/jobs';
import { getRunOrThrow, RunId } from '@/lib/server/runs/read';
import { describeRunRequest, requestRun } from '@/lib/server/runs/requests';

/** Runs a failed run again on exactly its snapshots and version (same key). */
export const POST = route({ anyRole: RUN_TRIGGERERS }, async ({ app, req, params, user }) => {
  await parseBody(req, z.strictObject({}));
  const run = await getRunOrThrow(app.db, param(params, 'id'), RunId.parse(param(params, 'runId')));
  if (run.status !== 'failed') throw new AppError('conflict', `run ${run.id} is ${run.status}: only a failed run can be retried`);
  const outcome = await requestRun(app.db, { pipelineId: run.pipelineId, version: run.version, inputs: run.inputs, trigger: 'retry', userId: user.id });
  if (outcome.kind === 'queued') wakeJobs();
  return json({ outcome: outcome.kind, run: outcome.run, message: describeRunRequest(outcome) }, outcome.kind === 'queued' ? 202 : 200);
});
