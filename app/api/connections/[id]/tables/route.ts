import { encodeCursor, PageQuery, queryOf } from '@/lib/sources/schema';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { tableText } from '@/lib/sources/types';
import { json, param, route } from '@/lib/server/http/route';
import { appSourceKey, listSourceTables } from '@/lib/server/sources/connections';

/** The source's tables in name order (the driver reads at most 1,000), a page at a time. */
export const GET = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, params }) => {
  const page = PageQuery.parse(queryOf(req.url));
  const names = (await listSourceTables(app.db, appSourceKey(app), param(params, 'id'))).map(tableText);
  const rest = page.cursor === undefined ? names : names.filter((n) => n > page.cursor!);
  const items = rest.slice(0, page.limit);
  return json({ items, nextCursor: rest.length > page.limit ? encodeCursor(items[items.length - 1]!) : null });
});
