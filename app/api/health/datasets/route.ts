import { readPageQuery } from '@/lib/pagination/query';
import { HealthPage, listDatasetHealth } from '@/lib/server/health/read';
import { json, route } from '@/lib/server/http/route';
import { keysetPaging } from '@/lib/server/pagination/keyset';

/** Every catalog dataset's health by name, one page; `nextCursor` continues it. */
export const GET = route({ signedIn: true }, async ({ app, req }) => {
  const paging = keysetPaging(app, { list: 'dataset_health', filter: {} }, readPageQuery(HealthPage, Object.fromEntries(new URL(req.url).searchParams)));
  const { items, nextCursor } = paging.page(await listDatasetHealth(app.db, paging.request));
  return json({ datasets: items, nextCursor });
});
