import { param, parseBody, route } from '@/lib/server/http/route';
import { recordRun, RecordRunBody } from '@/lib/server/notebooks/notebooks';

export const POST = route({ anyRole: ['analyst'] }, async ({ app, req, params, user }) => {
  const run = await parseBody(req, RecordRunBody);
  await recordRun(app.db, { notebookId: param(params, 'id'), userId: user.id, ...run });
  return new Response(null, { status: 204 });
});
