import { z } from 'zod';
import { readPageQuery } from '@/lib/pagination/query';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { wakeJobs } from '@/lib/server/jobs/jobs';
import { keysetPaging } from '@/lib/server/pagination/keyset';
import { listRuns, RunPage } from '@/lib/server/runs/read';
import { describeRunRequest, requestRun } from '@/lib/server/runs/requests';
import { RUN_TRIGGERERS } from '@/lib/runs/roles';

/** The run history, newest first; `nextCursor` continues it. */
export const GET = route({ signedIn: true }, async ({ app, req, params }) => {
  const pipelineId = param(params, 'id');
  const paging = keysetPaging(app, { list: 'runs', filter: { pipelineId } }, readPageQuery(RunPage, Object.fromEntries(new URL(req.url).searchParams)));
  const { items, nextCursor } = paging.page(await listRuns(app.db, pipelineId, paging.request));
  return json({ runs: items, nextCursor });
});

const TriggerBody = z.strictObject({
  /** The page's Run button says so; anything else is an API trigger. */
  from: z.literal('page').optional(),
});

/** Runs production's version over its inputs' current snapshots — or says it is up to date, or joins
 * the run already doing that work. 202 with the outcome. */
export const POST = route({ anyRole: RUN_TRIGGERERS }, async ({ app, req, params, user }) => {
  const body = await parseBody(req, TriggerBody);
  const outcome = await requestRun(app.db, { pipelineId: param(params, 'id'), trigger: body.from === 'page' ? 'manual' : 'api', userId: user.id });
  if (outcome.kind === 'queued') wakeJobs();
  return json({ outcome: outcome.kind, run: outcome.run, message: describeRunRequest(outcome) }, outcome.kind === 'queued' ? 202 : 200);
});
