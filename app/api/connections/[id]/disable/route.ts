import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, param, route } from '@/lib/server/http/route';
import { disableConnection } from '@/lib/server/sources/connections';

export const POST = route({ anyRole: SOURCE_MANAGERS }, async ({ app, params, user }) =>
  json({ connection: await disableConnection(app.db, { id: param(params, 'id'), actorId: user.id }) }),
);
