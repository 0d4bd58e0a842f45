import { AUDIT_READERS } from '@/lib/audit/roles';
import { verifyAuditChain } from '@/lib/server/audit/verify';
import { json, route } from '@/lib/server/http/route';

/** Recomputes the whole hash chain; a broken chain is an answer (ok: false), not an error. */
export const GET = route({ anyRole: AUDIT_READERS }, async ({ app }) => json(await verifyAuditChain(app.db)));
