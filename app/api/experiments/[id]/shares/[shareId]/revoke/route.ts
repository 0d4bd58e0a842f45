import { json, param, route } from '@/lib/server/http/route';
import { revokeShare } from '@/lib/server/experiments/shares';

export const POST = route({ anyRole: ['analyst'] }, async ({ app, params, user }) => {
  const share = await revokeShare(app.db, { experimentId: param(params, 'id'), shareId: param(params, 'shareId'), userId: user.id });
  return json({ share });
});
