import { json, param, route } from '@/lib/server/http/route';
import { getNotebookOrThrow } from '@/lib/server/notebooks/notebooks';

export const GET = route({ signedIn: true }, async ({ app, params }) => json({ notebook: await getNotebookOrThrow(app.db, param(params, 'id')) }));
