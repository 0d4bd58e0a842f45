import { json, param, route } from '@/lib/server/http/route';
import { getExperimentOrThrow } from '@/lib/server/experiments/experiments';

export const GET = route({ signedIn: true }, async ({ app, params }) => json({ experiment: await getExperimentOrThrow(app.db, param(params, 'id')) }));
