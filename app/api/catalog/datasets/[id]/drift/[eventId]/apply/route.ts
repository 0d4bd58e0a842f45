import { z } from 'zod';
import { DriftApply } from '@/lib/contracts/edit';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { applyAdditiveDrift } from '@/lib/server/sources/drift-apply';

const EventId = z.coerce.number().int().positive();

/** `POST …/drift/<eventId>/apply` `{ baseVersion, columns? }`: the new columns an additive load
 * accepted become the contract's next version (stewards and admins). */
export const POST = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, params, user }) => {
  const body = await parseBody(req, DriftApply);
  return json(await applyAdditiveDrift(app.db, { datasetId: param(params, 'id'), eventId: EventId.parse(param(params, 'eventId')), body, actorId: user.id }));
});
