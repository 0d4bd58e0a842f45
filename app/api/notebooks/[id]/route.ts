import { json, param, parseBody, route } from '@/lib/server/http/route';
import { getNotebookOrThrow, renameNotebook, RenameNotebookBody } from '@/lib/server/notebooks/notebooks';

export const GET = route({ signedIn: true }, async ({ app, params }) => json({ notebook: await getNotebookOrThrow(app.db, param(params, 'id')) }));

export const PATCH = route({ anyRole: ['analyst'] }, async ({ app, req, params, user }) => {
  const { title } = await parseBody(req, RenameNotebookBody);
  const notebook = await renameNotebook(app.db, { notebookId: param(params, 'id'), userId: user.id, title });
  return json({ notebook });
});
