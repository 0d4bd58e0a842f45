import { json, param, parseBody, route } from '@/lib/server/http/route';
import { getPipelineOrThrow, PipelineSettingsBody, setRequiredApprovals } from '@/lib/server/promotion/pipelines';
import { servedProduction } from '@/lib/server/runs/read';

/** The pipeline, its versions, and what production serves now (null before the first publish). */
export const GET = route({ signedIn: true }, async ({ app, params }) => {
  const pipeline = await getPipelineOrThrow(app.db, param(params, 'id'));
  return json({ pipeline, production: await servedProduction(app.db, pipeline.id) });
});

/** Pipeline settings: stewards and admins only — not the pipeline's owner, so an author cannot lower the
 * bar for their own requests. */
export const PATCH = route({ anyRole: ['steward', 'admin'] }, async ({ app, req, params, user }) => {
  const { requiredApprovals } = await parseBody(req, PipelineSettingsBody);
  await setRequiredApprovals(app.db, { pipelineId: param(params, 'id'), user, requiredApprovals });
  return json({ pipeline: await getPipelineOrThrow(app.db, param(params, 'id')) });
});
