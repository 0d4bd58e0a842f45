import { json, param, route } from '@/lib/server/http/route';
import { getPipelineOrThrow } from '@/lib/server/promotion/pipelines';

export const GET = route({ signedIn: true }, async ({ app, params }) => json({ pipeline: await getPipelineOrThrow(app.db, param(params, 'id')) }));
