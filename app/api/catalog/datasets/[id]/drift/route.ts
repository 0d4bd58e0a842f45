import { readPageQuery } from '@/lib/pagination/query';
import { queryOf } from '@/lib/sources/schema';
import { json, param, route } from '@/lib/server/http/route';
import { keysetPaging } from '@/lib/server/pagination/keyset';
import { listDriftEvents, SnapshotPage } from '@/lib/server/sources/loads';

/** Newest first; `nextCursor` continues it. */
export const GET = route({ signedIn: true }, async ({ app, req, params }) => {
  const datasetId = param(params, 'id');
  const paging = keysetPaging(app, { list: 'drift', filter: { datasetId } }, readPageQuery(SnapshotPage, queryOf(req.url)));
  return json(paging.page(await listDriftEvents(app.db, datasetId, paging.request)));
});
