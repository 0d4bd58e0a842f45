import { json, param, parseBody, route } from '@/lib/server/http/route';
import { getPipelineOrThrow, rollback, RollbackBody } from '@/lib/server/promotion/pipelines';
import { productionWarehouse } from '@/lib/server/runs/warehouse';

/** One compare-and-swap of the production pointer, and the production views re-pointed at that
 * version's last good run in the same transaction (or a run of it queued); the response says how long it took. */
export const POST = route({ anyRole: ['reviewer', 'steward'] }, async ({ app, req, params, user }) => {
  const body = await parseBody(req, RollbackBody);
  const warehouse = await productionWarehouse(app.db);
  const started = performance.now();
  const moved = await rollback(app.db, warehouse, { pipelineId: param(params, 'id'), user, ...body });
  const elapsedMs = performance.now() - started;
  return json({ ...moved, elapsedMs, pipeline: await getPipelineOrThrow(app.db, param(params, 'id')) });
});
