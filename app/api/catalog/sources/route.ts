import { BindInput } from '@/lib/sources/schema';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, parseBody, route } from '@/lib/server/http/route';
import { bindDataset } from '@/lib/server/sources/bindings';
import { appSourceKey } from '@/lib/server/sources/connections';

/** A new catalog dataset bound to a source table, with the contract the steward completed. */
export const POST = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, user }) => {
  const input = await parseBody(req, BindInput);
  return json({ dataset: await bindDataset(app.db, appSourceKey(app), { ...input, actorId: user.id }) }, 201);
});
