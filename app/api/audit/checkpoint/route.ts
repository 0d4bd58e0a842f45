import { AUDIT_READERS } from '@/lib/audit/roles';
import { createCheckpoint } from '@/lib/server/audit/checkpoint';
import { json, route } from '@/lib/server/http/route';

/** A signed statement of the chain's head, to be kept outside Assay; served as a download. */
export const GET = route({ anyRole: AUDIT_READERS }, async ({ app }) => {
  const checkpoint = await createCheckpoint(app);
  const response = json(checkpoint);
  response.headers.set('content-disposition', `attachment; filename="assay-audit-checkpoint-${checkpoint.count}.json"`);
  return response;
});
