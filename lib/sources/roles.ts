import type { Role } from '@/lib/auth/roles';

/** Who manages connections and bindings and loads datasets; everyone else sees connection names only. */
export const SOURCE_MANAGERS = ['steward', 'admin'] as const satisfies readonly Role[];
export const managesSources = (roles: readonly Role[]) => SOURCE_MANAGERS.some((r) => roles.includes(r));
