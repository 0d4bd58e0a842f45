import { json, param, parseBody, route } from '@/lib/server/http/route';
import { getPromotionOrThrow } from '@/lib/server/promotion/promotions';
import { review, ReviewBody } from '@/lib/server/promotion/reviews';

/** Comments from anyone signed in; approve / reject / request changes are checked in review(). */
export const POST = route({ signedIn: true }, async ({ app, req, params, user }) => {
  const body = await parseBody(req, ReviewBody);
  const requestId = param(params, 'id');
  const { promotedVersion } = await review(app.db, { requestId, user, body });
  return json({ promotedVersion, promotion: await getPromotionOrThrow(app.db, requestId) }, 201);
});
