import { SaveRevisionBody } from '@/lib/notebook/schema';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { saveRevision } from '@/lib/server/notebooks/notebooks';

export const POST = route({ anyRole: ['analyst'] }, async ({ app, req, params, user }) => {
  const body = await parseBody(req, SaveRevisionBody);
  const saved = await saveRevision(app.db, { notebookId: param(params, 'id'), userId: user.id, ...body });
  return json(saved, 201);
});
