import { DatabaseConnectionInput } from '@/lib/sources/schema';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, parseBody, route } from '@/lib/server/http/route';
import { testTarget } from '@/lib/server/sources/connections';

/** Tries a database connection before it is saved; answers the database's own message when it fails.
 * (A files connection has nothing to try.) */
export const POST = route({ anyRole: SOURCE_MANAGERS }, async ({ req }) => {
  const { kind, host, port, database, user, password } = await parseBody(req, DatabaseConnectionInput.partial({ name: true }));
  return json(await testTarget({ kind, host, port, database, user, password }));
});
