import { Checkpoint } from '@/lib/audit/checkpoint';
import { AUDIT_READERS } from '@/lib/audit/roles';
import { checkCheckpoint } from '@/lib/server/audit/checkpoint';
import { json, parseBody, route } from '@/lib/server/http/route';

/** The body is a checkpoint exported earlier. Checking one changes nothing, hence a POST only for the body. */
export const POST = route({ anyRole: AUDIT_READERS }, async ({ app, req }) => {
  const checkpoint = await parseBody(req, Checkpoint);
  return json(await checkCheckpoint(app, checkpoint));
});
