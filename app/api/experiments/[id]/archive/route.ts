import { json, param, route } from '@/lib/server/http/route';
import { archiveExperiment } from '@/lib/server/experiments/experiments';

export const POST = route({ anyRole: ['analyst'] }, async ({ app, params, user }) => {
  const experiment = await archiveExperiment(app.db, { id: param(params, 'id'), userId: user.id });
  return json({ experiment });
});
