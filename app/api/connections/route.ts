import { readPageQuery } from '@/lib/pagination/query';
import { ConnectionInput, queryOf } from '@/lib/sources/schema';
import { managesSources, SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, parseBody, route } from '@/lib/server/http/route';
import { keysetPaging } from '@/lib/server/pagination/keyset';
import { appSourceKey, ConnectionPage, createConnection, listConnectionNames, listConnections } from '@/lib/server/sources/connections';

/** Stewards and admins see where connections point; everyone else their names only. Never a secret. */
export const GET = route({ signedIn: true }, async ({ app, req, user }) => {
  const paging = keysetPaging(app, { list: 'connections', filter: {} }, readPageQuery(ConnectionPage, queryOf(req.url)));
  return json(managesSources(user.roles) ? paging.page(await listConnections(app.db, paging.request)) : paging.page(await listConnectionNames(app.db, paging.request)));
});

export const POST = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, user }) => {
  const input = await parseBody(req, ConnectionInput);
  return json({ connection: await createConnection(app.db, appSourceKey(app), { ...input, actorId: user.id }) }, 201);
});
