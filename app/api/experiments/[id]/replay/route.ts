import { json, param, route } from '@/lib/server/http/route';
import { replayState, requestReplay } from '@/lib/server/experiments/replays';
import { getExperimentOrThrow } from '@/lib/server/experiments/experiments';
import { wakeJobs } from '@/lib/server/jobs/jobs';

export const GET = route({ signedIn: true }, async ({ app, params }) => {
  const experiment = await getExperimentOrThrow(app.db, param(params, 'id'));
  return json({ replay: await replayState(app.db, experiment.id) });
});

/** Replays again (a failed or errored replay, or after a server upgrade); one pending replay at a time. */
export const POST = route({ anyRole: ['analyst', 'reviewer'] }, async ({ app, params, user }) => {
  const replay = await requestReplay(app.db, { experimentId: param(params, 'id'), userId: user.id });
  wakeJobs();
  return json({ replay }, 202);
});
