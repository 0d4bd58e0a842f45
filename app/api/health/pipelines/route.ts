import { readPageQuery } from '@/lib/pagination/query';
import { HealthPage, listPipelineHealth } from '@/lib/server/health/read';
import { json, route } from '@/lib/server/http/route';
import { keysetPaging } from '@/lib/server/pagination/keyset';

/** Every pipeline's health by name, one page; `nextCursor` continues it. */
export const GET = route({ signedIn: true }, async ({ app, req }) => {
  const paging = keysetPaging(app, { list: 'pipeline_health', filter: {} }, readPageQuery(HealthPage, Object.fromEntries(new URL(req.url).searchParams)));
  const { items, nextCursor } = paging.page(await listPipelineHealth(app.db, paging.request));
  return json({ pipelines: items, nextCursor });
});
