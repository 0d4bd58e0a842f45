import { z } from 'zod';
import { readPageQuery } from '@/lib/pagination/query';
import { json, parseBody, route } from '@/lib/server/http/route';
import { ExperimentPage, ExperimentSearch, listExperiments, storeExperiment } from '@/lib/server/experiments/experiments';
import { wakeJobs } from '@/lib/server/jobs/jobs';
import { keysetPaging } from '@/lib/server/pagination/keyset';

/** One page, newest first; `nextCursor` continues the same filtered list. */
export const GET = route({ signedIn: true }, async ({ app, req }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const filter = ExperimentSearch.parse(query);
  const paging = keysetPaging(app, { list: 'experiments', filter }, readPageQuery(ExperimentPage, query));
  const { items, nextCursor } = paging.page(await listExperiments(app.db, filter, paging.request));
  return json({ experiments: items, nextCursor });
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
