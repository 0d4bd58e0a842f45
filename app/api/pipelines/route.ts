import { readPageQuery } from '@/lib/pagination/query';
import { json, route } from '@/lib/server/http/route';
import { keysetPaging } from '@/lib/server/pagination/keyset';
import { listPipelines, PipelinePage } from '@/lib/server/promotion/pipelines';

/** One page by name; `nextCursor` continues it. */
export const GET = route({ signedIn: true }, async ({ app, req }) => {
  const paging = keysetPaging(app, { list: 'pipelines', filter: {} }, readPageQuery(PipelinePage, Object.fromEntries(new URL(req.url).searchParams)));
  const { items, nextCursor } = paging.page(await listPipelines(app.db, paging.request));
  return json({ pipelines: items, nextCursor });
});
