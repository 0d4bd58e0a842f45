import { param, route } from '@/lib/server/http/route';
import { artifactDownload } from '@/lib/server/experiments/download';
import { getExperimentOrThrow } from '@/lib/server/experiments/experiments';

export const GET = route({ signedIn: true }, async ({ app, params }) => artifactDownload(await getExperimentOrThrow(app.db, param(params, 'id'))));
