import { json, param, route } from '@/lib/server/http/route';
import { getExperimentOrThrow } from '@/lib/server/experiments/experiments';
import { replayState } from '@/lib/server/experiments/replays';
import { experimentForToken } from '@/lib/server/experiments/shares';

/** Public on purpose: the token is the permission (revocable, expiring), for people without an account. */
export const GET = route({ public: true }, async ({ app, params }) => {
  const experiment = await getExperimentOrThrow(app.db, await experimentForToken(app.db, param(params, 'token')));
  return json({ experiment, replay: await replayState(app.db, experiment.id) });
});
