import { readPageQuery } from '@/lib/pagination/query';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { queryOf } from '@/lib/sources/schema';
import { tableText } from '@/lib/sources/types';
import { json, param, route } from '@/lib/server/http/route';
import { keysetPaging, keyedPage } from '@/lib/server/pagination/keyset';
import { appSourceKey, ConnectionPage, listSourceTables } from '@/lib/server/sources/connections';

/** The source's tables in name order (the driver reads at most 1,000), a page at a time. */
export const GET = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, params }) => {
  const connectionId = param(params, 'id');
  const paging = keysetPaging(app, { list: 'source_tables', filter: { connectionId } }, readPageQuery(ConnectionPage, queryOf(req.url)));
  const names = (await listSourceTables(app.db, appSourceKey(app), connectionId)).map(tableText);
  const after = paging.request.after?.[0];
  const rest = after === undefined ? names : names.filter((n) => n > after);
  return json(paging.page(keyedPage(rest.slice(0, paging.request.limit + 1), paging.request, (name) => [name])));
});
