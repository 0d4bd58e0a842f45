import { json, param, route } from '@/lib/server/http/route';
import { forkExperiment } from '@/lib/server/experiments/experiments';

export const POST = route({ anyRole: ['analyst'] }, async ({ app, params, user }) => {
  return json(await forkExperiment(app.db, { id: param(params, 'id'), userId: user.id }), 201);
});
