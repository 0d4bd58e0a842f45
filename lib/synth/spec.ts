import { z } from 'zod';

/** Bumped whenever generated values change for the same seed and row counts: a spec names the
 * generator it was made with, so the same spec always means the same tables. */
export const GENERATOR_VERSION = 1;
export const MAX_ROWS_PER_TABLE = 5_000_000;

/** Synthetic sandbox input: generator version + seed + row counts per dataset (a dataset that is not
 * listed gets its default count; a child dataset's count follows from its parent's). */
export const SandboxSpec = z.object({
  kind: z.literal('synthetic'),
  generatorVersion: z.literal(GENERATOR_VERSION),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  rows: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/), z.number().int().min(0).max(MAX_ROWS_PER_TABLE)),
});
export type SandboxSpec = z.infer<typeof SandboxSpec>;
