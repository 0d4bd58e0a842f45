import { z } from 'zod';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { expireRuns, expiryPlan, setRunRetention } from '@/lib/server/runs/retention';
import { productionWarehouse, publishedRoot } from '@/lib/server/runs/warehouse';

const RETENTION_MANAGERS = ['steward', 'admin'] as const;
const RetentionBody = z.strictObject({ keepPublishedRuns: z.number().int().min(1, 'keep at least the newest run').max(1_000).nullable() });
const ExpireBody = z.strictObject({ confirmVersions: z.array(z.number().int().positive()).max(1_000) });

/** `GET …/retention`: the policy and what expiring now would drop (and which versions lose their data). */
export const GET = route({ signedIn: true }, async ({ app, params }) => json(await expiryPlan(app.db, param(params, 'id'))));

/** `PUT …/retention` `{ keepPublishedRuns }`: how many runs with tables to keep (null: all). */
export const PUT = route({ anyRole: RETENTION_MANAGERS }, async ({ app, req, params, user }) => {
  const { keepPublishedRuns } = await parseBody(req, RetentionBody);
  await setRunRetention(app.db, { pipelineId: param(params, 'id'), keep: keepPublishedRuns, actorId: user.id });
  return json(await expiryPlan(app.db, param(params, 'id')));
});

/** `POST …/retention` `{ confirmVersions }`: expire now, by a steward's hand only. */
export const POST = route({ anyRole: RETENTION_MANAGERS }, async ({ app, req, params, user }) => {
  const { confirmVersions } = await parseBody(req, ExpireBody);
  return json(await expireRuns(app.db, await productionWarehouse(app.db), { pipelineId: param(params, 'id'), actorId: user.id, confirmVersions, publishedRoot: publishedRoot() }));
});
