import { json, route } from '@/lib/server/http/route';
import { listPipelines } from '@/lib/server/promotion/pipelines';

export const GET = route({ signedIn: true }, async ({ app }) => json({ pipelines: await listPipelines(app.db) }));
