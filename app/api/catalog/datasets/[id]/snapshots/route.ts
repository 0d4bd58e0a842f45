import { readPageQuery } from '@/lib/pagination/query';
import { queryOf } from '@/lib/sources/schema';
import { json, param, route } from '@/lib/server/http/route';
import { keysetPaging } from '@/lib/server/pagination/keyset';
import { listSnapshots, SnapshotPage } from '@/lib/server/sources/loads';

/** Newest first; `nextCursor` continues it. */
export const GET = route({ signedIn: true }, async ({ app, req, params }) => {
  const datasetId = param(params, 'id');
  const paging = keysetPaging(app, { list: 'snapshots', filter: { datasetId } }, readPageQuery(SnapshotPage, queryOf(req.url)));
  return json(paging.page(await listSnapshots(app.db, datasetId, paging.request)));
});
