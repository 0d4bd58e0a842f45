import { COMMENTERS } from '@/lib/promotion/states';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { getPromotionOrThrow } from '@/lib/server/promotion/promotions';
import { review, ReviewBody } from '@/lib/server/promotion/reviews';

/** Comments from the people in a review (viewers read); deciding needs the reviewer or steward role
 * and never the request's own author, checked in review() because it depends on the decision sent. */
export const POST = route({ anyRole: COMMENTERS }, async ({ app, req, params, user }) => {
  const body = await parseBody(req, ReviewBody);
  const requestId = param(params, 'id');
  const { promotedVersion } = await review(app.db, { requestId, user, body });
  return json({ promotedVersion, promotion: await getPromotionOrThrow(app.db, requestId) }, 201);
});
