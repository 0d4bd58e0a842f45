import { WithdrawBody } from '@/lib/promotion/types';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { getPromotionOrThrow, withdraw } from '@/lib/server/promotion/promotions';

export const POST = route({ anyRole: ['analyst'] }, async ({ app, req, params, user }) => {
  const requestId = param(params, 'id');
  const { reason } = await parseBody(req, WithdrawBody);
  await withdraw(app.db, { requestId, user, reason });
  return json({ promotion: await getPromotionOrThrow(app.db, requestId) });
});
