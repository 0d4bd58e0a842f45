import { SAMPLE_READERS } from '@/lib/samples/roles';
import { json, param, route } from '@/lib/server/http/route';
import { sampleStatus } from '@/lib/server/samples/samples';

/** `GET /api/samples/<id>`: drawing, failed (why), or ready with its manifest. */
export const GET = route({ anyRole: SAMPLE_READERS }, async ({ app, params }) => json(await sampleStatus(app.db, param(params, 'id'))));
