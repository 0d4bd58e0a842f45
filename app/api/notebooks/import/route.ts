import { AppError } from '@/lib/errors';
import { ImportNotebookBody, notebookFromText } from '@/lib/notebook/text-format';
import { json, parseBody, route } from '@/lib/server/http/route';
import { createNotebook } from '@/lib/server/notebooks/notebooks';

/** A new notebook, owned by the caller, from a text file that GET /api/notebooks/<id>/text wrote. */
export const POST = route({ anyRole: ['analyst'] }, async ({ app, req, user }) => {
  const { text } = await parseBody(req, ImportNotebookBody);
  const read = notebookFromText(text);
  if (!read.ok) throw new AppError('invalid_body', `text: line ${read.problem.line}: ${read.problem.message}`, { line: read.problem.line });
  const notebook = await createNotebook(app.db, { ownerId: user.id, ...read.notebook });
  return json({ notebook }, 201);
});
