import { z } from 'zod';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { currentPiiExceptions, setPiiException } from '@/lib/server/samples/exceptions';

const ExceptionChange = z.strictObject({
  column: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'column: a column name of the contract'),
  grant: z.boolean(),
  reason: z.string().max(2_000),
});

/** `GET …/pii-exceptions`: the pii columns of the dataset that samples carry unmasked, and why. */
export const GET = route({ signedIn: true }, async ({ app, params }) => {
  const datasetId = param(params, 'id');
  return json({ exceptions: (await currentPiiExceptions(app.db, [datasetId])).get(datasetId) ?? [] });
});

/** `POST …/pii-exceptions` `{ column, grant, reason }`: a steward grants or revokes one (audited). */
export const POST = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, params, user }) => {
  const change = await parseBody(req, ExceptionChange);
  return json({ exceptions: await setPiiException(app.db, { datasetId: param(params, 'id'), column: change.column, grant: change.grant, reason: change.reason, actorId: user.id }) });
});
