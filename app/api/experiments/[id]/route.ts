import { json, param, route } from '@/lib/server/http/route';
import { getExperimentOrThrow } from '@/lib/server/experiments/experiments';
import { replayState } from '@/lib/server/experiments/replays';

export const GET = route({ signedIn: true }, async ({ app, params }) => {
  const experiment = await getExperimentOrThrow(app.db, param(params, 'id'));
  return json({ experiment, replay: await replayState(app.db, experiment.id) });
});
