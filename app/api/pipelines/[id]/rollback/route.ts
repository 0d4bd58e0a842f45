import { json, param, parseBody, route } from '@/lib/server/http/route';
import { getPipelineOrThrow, rollback, RollbackBody } from '@/lib/server/promotion/pipelines';

/** One compare-and-swap of the production pointer; the response says how long it took. */
export const POST = route({ anyRole: ['reviewer', 'steward'] }, async ({ app, req, params, user }) => {
  const body = await parseBody(req, RollbackBody);
  const started = performance.now();
  const moved = await rollback(app.db, { pipelineId: param(params, 'id'), user, ...body });
  const elapsedMs = performance.now() - started;
  return json({ ...moved, elapsedMs, pipeline: await getPipelineOrThrow(app.db, param(params, 'id')) });
});
