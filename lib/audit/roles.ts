import type { Role } from '@/lib/auth/roles';

/** Who may read the audit log and its verification: the roles that answer for what happened. */
export const AUDIT_READERS = ['reviewer', 'steward', 'admin'] as const satisfies readonly Role[];
