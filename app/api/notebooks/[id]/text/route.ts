import { notebookToText } from '@/lib/notebook/text-format';
import { param, route } from '@/lib/server/http/route';
import { getNotebookOrThrow } from '@/lib/server/notebooks/notebooks';

/** The notebook's current revision as a diffable text file (lib/notebook/text-format.ts). */
export const GET = route({ signedIn: true }, async ({ app, params }) => {
  const notebook = await getNotebookOrThrow(app.db, param(params, 'id'));
  const file = `${notebook.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'notebook'}.assay.sql`;
  return new Response(notebookToText(notebook), {
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-disposition': `attachment; filename="${file}"`, 'cache-control': 'no-store' },
  });
});
