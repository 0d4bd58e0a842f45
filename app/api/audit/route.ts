import { AUDIT_READERS } from '@/lib/audit/roles';
import { AuditPage, AuditSearch } from '@/lib/audit/search';
import { readPageQuery } from '@/lib/pagination/query';
import { listAuditEvents } from '@/lib/server/audit/events';
import { json, route } from '@/lib/server/http/route';
import { keysetPaging } from '@/lib/server/pagination/keyset';

/** One page of the log, newest first, filtered by `action`, `actorId`, `objectType`, `objectId`. */
export const GET = route({ anyRole: AUDIT_READERS }, async ({ app, req }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const filter = AuditSearch.parse(query);
  const paging = keysetPaging(app, { list: 'audit', filter }, readPageQuery(AuditPage, query));
  const { items, nextCursor } = paging.page(await listAuditEvents(app.db, filter, paging.request));
  return json({ events: items, nextCursor });
});
