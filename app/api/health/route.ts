import { json, route } from '@/lib/server/http/route';

/** The liveness probe (load balancers, Playwright's web server, the bench): public, and reads nothing.
 * The dashboard's lists are /api/health/pipelines and /api/health/datasets, for signed-in users. */
export const GET = route({ public: true }, async ({ app }) => json({ status: 'ok', mode: app.config.mode, database: app.database.kind }));
