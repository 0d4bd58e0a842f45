export const ROLES = ['analyst', 'reviewer', 'steward', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who may open the engine check, which runs DuckDB on the server: the people who run or judge SQL. */
export const ENGINE_CHECKERS = ['analyst', 'reviewer', 'steward'] as const satisfies readonly Role[];
