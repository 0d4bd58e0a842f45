import { z } from 'zod';

/** The limits of a replay on native DuckDB, the same for the server's replays (ASSAY_REPLAY_*) and for
 * `npx assay replay` (the same variables, or its flags). */
export type ReplayLimits = { timeoutMs: number; memoryLimit: string };

export const ReplayTimeoutSeconds = z.coerce.number().int('whole seconds').min(1, 'at least 1 s').max(86_400, 'at most a day (86400 s)');
export const DuckdbMemorySize = z.string().regex(/^\d+(\.\d+)?\s*[KMGT]i?B$/, 'a DuckDB memory size such as 2GB');

export const REPLAY_DEFAULTS = { timeoutSeconds: 300, memoryLimit: '2GB' } as const;
