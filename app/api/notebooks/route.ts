import { CreateNotebookBody } from '@/lib/notebook/schema';
import { readPageQuery } from '@/lib/pagination/query';
import { json, parseBody, route } from '@/lib/server/http/route';
import { createNotebook, listNotebooks, NotebookPage, NotebookSearch } from '@/lib/server/notebooks/notebooks';
import { keysetPaging } from '@/lib/server/pagination/keyset';

/** One page, most recently changed first; `nextCursor` continues the same search. */
export const GET = route({ signedIn: true }, async ({ app, req }) => {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const { q } = NotebookSearch.parse(query);
  const paging = keysetPaging(app, { list: 'notebooks', filter: { q } }, readPageQuery(NotebookPage, query));
  const { items, nextCursor } = paging.page(await listNotebooks(app.db, { q }, paging.request));
  return json({ notebooks: items, nextCursor });
});

export const POST = route({ anyRole: ['analyst'] }, async ({ app, req, user }) => {
  const body = await parseBody(req, CreateNotebookBody);
  const notebook = await createNotebook(app.db, { ownerId: user.id, title: body.title });
  return json({ notebook }, 201);
});
