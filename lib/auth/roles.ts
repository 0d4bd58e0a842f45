export const ROLES = ['analyst', 'reviewer', 'steward', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
