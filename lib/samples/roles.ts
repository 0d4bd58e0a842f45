import type { Role } from '@/lib/auth/roles';

/** Who may draw a sample of production into a notebook: the people who write notebooks. */
export const SAMPLE_TAKERS: readonly Role[] = ['analyst', 'steward'];
/** Who may read a drawn sample's tables: also reviewers, who open the experiments run on one. */
export const SAMPLE_READERS: readonly Role[] = ['analyst', 'reviewer', 'steward'];
