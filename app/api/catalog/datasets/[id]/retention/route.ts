import { ExpireSnapshotsBody, SnapshotRetention } from '@/lib/sources/retention';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { expireSnapshots, setSnapshotRetention, snapshotExpiryPlan } from '@/lib/server/sources/retention';
import { getWarehouse } from '@/lib/server/sources/warehouse';

/** `GET …/retention`: the dataset's snapshot retention and what expiring now would drop, with why
 * every other snapshot stays. */
export const GET = route({ signedIn: true }, async ({ app, params }) => json(await snapshotExpiryPlan(app.db, param(params, 'id'))));

/** `PUT …/retention` `{ keepSnapshots, keepDays }` (each null for no limit): stewards and admins; expires nothing. */
export const PUT = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, params, user }) => {
  const policy = await parseBody(req, SnapshotRetention);
  await setSnapshotRetention(app.db, { datasetId: param(params, 'id'), policy, actorId: user.id });
  return json(await snapshotExpiryPlan(app.db, param(params, 'id')));
});

/** `POST …/retention` `{ snapshotIds }`: expire the plan's snapshots now, by a steward's hand only. */
export const POST = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, params, user }) => {
  const { snapshotIds } = await parseBody(req, ExpireSnapshotsBody);
  return json(await expireSnapshots(app.db, await getWarehouse(), { datasetId: param(params, 'id'), actorId: user.id, snapshotIds }));
});
