import { param, route } from '@/lib/server/http/route';
import { artifactDownload } from '@/lib/server/experiments/download';
import { getExperimentOrThrow } from '@/lib/server/experiments/experiments';
import { experimentForToken } from '@/lib/server/experiments/shares';

/** Public on purpose: the share token is the permission. */
export const GET = route({ public: true }, async ({ app, params }) => {
  return artifactDownload(await getExperimentOrThrow(app.db, await experimentForToken(app.db, param(params, 'token'))));
});
