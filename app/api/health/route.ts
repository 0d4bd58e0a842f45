import { json, route } from '@/lib/server/http/route';

export const GET = route({ public: true }, async ({ app }) => json({ status: 'ok', mode: app.config.mode, database: app.database.kind }));
