import { CreateNotebookBody } from '@/lib/notebook/schema';
import { json, parseBody, route } from '@/lib/server/http/route';
import { createNotebook, listNotebooks, NotebookSearch } from '@/lib/server/notebooks/notebooks';

export const GET = route({ signedIn: true }, async ({ app, req }) => {
  const { q } = NotebookSearch.parse(Object.fromEntries(new URL(req.url).searchParams));
  return json({ notebooks: await listNotebooks(app.db, { q }) });
});

export const POST = route({ anyRole: ['analyst'] }, async ({ app, req, user }) => {
  const body = await parseBody(req, CreateNotebookBody);
  const notebook = await createNotebook(app.db, { ownerId: user.id, title: body.title });
  return json({ notebook }, 201);
});
