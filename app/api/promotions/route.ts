import { SubmitBody } from '@/lib/promotion/types';
import { readPageQuery } from '@/lib/pagination/query';
import { json, parseBody, route } from '@/lib/server/http/route';
import { wakeJobs } from '@/lib/server/jobs/jobs';
import { keysetPaging } from '@/lib/server/pagination/keyset';
import { listPromotions, PromotionPage, PromotionSearch, submitPromotion } from '@/lib/server/promotion/promotions';

/** One page, newest first, optionally of one pipeline and open or decided; `nextCursor` continues it. */
export const GET = route({ signedIn: true }, async ({ app, req }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const filter = PromotionSearch.parse(query);
  const paging = keysetPaging(app, { list: 'promotions', filter }, readPageQuery(PromotionPage, query));
  const { items, nextCursor } = paging.page(await listPromotions(app.db, filter, paging.request));
  return json({ promotions: items, nextCursor });
});

export const POST = route({ anyRole: ['analyst'] }, async ({ app, req, user }) => {
  const body = await parseBody(req, SubmitBody);
  const { id } = await submitPromotion(app.db, user, body);
  wakeJobs();
  return json({ id }, 201);
});
