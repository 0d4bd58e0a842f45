import { PageQuery, queryOf } from '@/lib/sources/schema';
import { json, param, route } from '@/lib/server/http/route';
import { listDriftEvents } from '@/lib/server/sources/loads';

export const GET = route({ signedIn: true }, async ({ app, req, params }) => json(await listDriftEvents(app.db, param(params, 'id'), PageQuery.parse(queryOf(req.url)))));
