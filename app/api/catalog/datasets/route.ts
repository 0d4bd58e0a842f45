import { json, route } from '@/lib/server/http/route';
import { listDatasets } from '@/lib/server/catalog/datasets';

export const GET = route({ signedIn: true }, async ({ app }) => json({ datasets: await listDatasets(app.db) }));
