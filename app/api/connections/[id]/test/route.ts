import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, param, route } from '@/lib/server/http/route';
import { appSourceKey, testConnection } from '@/lib/server/sources/connections';

export const POST = route({ anyRole: SOURCE_MANAGERS }, async ({ app, params }) => json(await testConnection(app.db, appSourceKey(app), param(params, 'id'))));
