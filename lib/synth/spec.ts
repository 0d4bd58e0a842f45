import { z } from 'zod';
import type { DatasetContract } from '@/lib/contracts/schema';

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

/** A catalog dataset as the generator sees it: its name and its contract (with generator hints). */
export type SandboxDataset = { name: string; contract: DatasetContract };

/** Rows of a root dataset whose contract names no default. */
export const FALLBACK_ROWS = 1_000;

/** The datasets generated from their own row count (not per row of a parent): the ones a spec sizes. */
export function rootDatasets(datasets: readonly SandboxDataset[]): SandboxDataset[] {
  return datasets.filter((d) => !(d.contract.synthetic && 'perParent' in d.contract.synthetic));
}

export function defaultRows(dataset: SandboxDataset): number {
  const synthetic = dataset.contract.synthetic;
  return synthetic && 'defaultRows' in synthetic ? synthetic.defaultRows : FALLBACK_ROWS;
}

/** Every root dataset at its contract's default count. */
export function defaultSandboxSpec(datasets: readonly SandboxDataset[], seed = 1): SandboxSpec {
  return {
    kind: 'synthetic',
    generatorVersion: GENERATOR_VERSION,
    seed,
    rows: Object.fromEntries(rootDatasets(datasets).map((d) => [d.name, defaultRows(d)])),
  };
}
