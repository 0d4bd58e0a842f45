import { z } from 'zod';
import { json, parseBody, route } from '@/lib/server/http/route';
import { ExperimentSearch, listExperiments, storeExperiment } from '@/lib/server/experiments/experiments';
import { wakeJobs } from '@/lib/server/jobs/jobs';

export const GET = route({ signedIn: true }, async ({ app, req }) => {
  const filter = ExperimentSearch.parse(Object.fromEntries(new URL(req.url).searchParams));
  return json({ experiments: await listExperiments(app.db, filter) });
});

/** The body is the artifact itself; `?id=` is the id the sender computed, checked against the content.
 * A new experiment's replay is queued with it. */
export const POST = route({ anyRole: ['analyst'] }, async ({ app, req, user }) => {
  const artifact = await parseBody(req, z.unknown());
  const claimedId = new URL(req.url).searchParams.get('id') ?? undefined;
  const { id, created } = await storeExperiment(app.db, { json: artifact, authorId: user.id, claimedId });
  if (created) wakeJobs();
  return json({ id }, created ? 201 : 200);
});
