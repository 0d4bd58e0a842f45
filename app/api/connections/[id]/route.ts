import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, param, route } from '@/lib/server/http/route';
import { deleteConnection, getConnectionOrThrow } from '@/lib/server/sources/connections';

export const GET = route({ anyRole: SOURCE_MANAGERS }, async ({ app, params }) => json({ connection: await getConnectionOrThrow(app.db, param(params, 'id')) }));

/** Refused (409) while a dataset loads from the connection. */
export const DELETE = route({ anyRole: SOURCE_MANAGERS }, async ({ app, params, user }) => {
  await deleteConnection(app.db, { id: param(params, 'id'), actorId: user.id });
  return json({ deleted: true });
});
