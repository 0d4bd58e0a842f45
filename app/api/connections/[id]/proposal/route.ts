import { z } from 'zod';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { queryOf } from '@/lib/sources/schema';
import { TableName } from '@/lib/sources/types';
import { json, param, route } from '@/lib/server/http/route';
import { proposeBinding } from '@/lib/server/sources/bindings';
import { appSourceKey } from '@/lib/server/sources/connections';

const Query = z.object({ table: TableName });

/** The source table's columns with their DuckDB types and the contract Assay proposes for them. */
export const GET = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, params }) => {
  const { table } = Query.parse(queryOf(req.url));
  return json(await proposeBinding(app.db, appSourceKey(app), param(params, 'id'), table));
});
