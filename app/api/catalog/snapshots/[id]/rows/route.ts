import { z } from 'zod';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { queryOf } from '@/lib/sources/schema';
import { json, param, route } from '@/lib/server/http/route';
import { readSnapshotPage } from '@/lib/server/sources/loads';
import { getWarehouse } from '@/lib/server/sources/warehouse';

const Query = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const Id = z.coerce.number().int().positive();

/** Raw (unmasked) rows of any snapshot by id — time travel — for stewards and admins only. */
export const GET = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, params }) => {
  const page = Query.parse(queryOf(req.url));
  return json(await readSnapshotPage(app.db, await getWarehouse(), Id.parse(param(params, 'id')), page));
});
