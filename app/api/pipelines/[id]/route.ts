import { json, param, parseBody, route } from '@/lib/server/http/route';
import { getPipelineOrThrow, PipelineSettingsBody, setRequiredApprovals } from '@/lib/server/promotion/pipelines';

export const GET = route({ signedIn: true }, async ({ app, params }) => json({ pipeline: await getPipelineOrThrow(app.db, param(params, 'id')) }));

/** Pipeline settings; the role check (steward or admin) is in setRequiredApprovals. */
export const PATCH = route({ signedIn: true }, async ({ app, req, params, user }) => {
  const { requiredApprovals } = await parseBody(req, PipelineSettingsBody);
  await setRequiredApprovals(app.db, { pipelineId: param(params, 'id'), user, requiredApprovals });
  return json({ pipeline: await getPipelineOrThrow(app.db, param(params, 'id')) });
});
