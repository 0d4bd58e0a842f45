import type { Role } from '@/lib/auth/roles';

/** Who may trigger, retry and verify production runs: they run approved code only, so anyone who
 * works on pipelines; viewers (stakeholders with links) read. */
export const RUN_TRIGGERERS = ['analyst', 'reviewer', 'steward', 'admin'] as const satisfies readonly Role[];

/** Who may read production rows through the API and the pipeline page. */
export const PRODUCTION_READERS = RUN_TRIGGERERS;

/** Who may set a pipeline's run schedule: the people who own production's rhythm. */
export const SCHEDULE_SETTERS = ['steward', 'admin'] as const satisfies readonly Role[];
