import { json, param, route } from '@/lib/server/http/route';
import { getRunOrThrow, RunId } from '@/lib/server/runs/read';
import { listVerifications } from '@/lib/server/runs/verify';

/** One run: inputs, per-model rows, fingerprints, schemas and times, checks with failing rows, verifications. */
export const GET = route({ signedIn: true }, async ({ app, params }) => {
  const run = await getRunOrThrow(app.db, param(params, 'id'), RunId.parse(param(params, 'runId')));
  return json({ run, verifications: await listVerifications(app.db, run.id) });
});
