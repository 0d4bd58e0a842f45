import { json, param, parseBody, route } from '@/lib/server/http/route';
import { CreateShareBody, createShare, listShares } from '@/lib/server/experiments/shares';

export const GET = route({ anyRole: ['analyst'] }, async ({ app, params, user }) => {
  return json({ shares: await listShares(app.db, { experimentId: param(params, 'id'), userId: user.id }) });
});

/** Answers the token once; only its hash is kept. */
export const POST = route({ anyRole: ['analyst'] }, async ({ app, req, params, user }) => {
  const { expiresInDays } = await parseBody(req, CreateShareBody);
  const share = await createShare(app.db, { experimentId: param(params, 'id'), userId: user.id, expiresInDays });
  return json({ share, url: `${app.config.baseUrl}/share/${share.token}` }, 201);
});
