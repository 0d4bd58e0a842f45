import { z } from 'zod';
import type { DatasetContract } from '@/lib/contracts/schema';

/** A new version is added whenever generated values change for the same seed and row counts: a spec
 * names the generator it was made with, so the same spec always means the same tables, and every
 * version a stored spec may name stays. New specs get the newest. */
export const GENERATOR_VERSIONS = [1, 2] as const;
export type GeneratorVersion = (typeof GENERATOR_VERSIONS)[number];
export const GENERATOR_VERSION: GeneratorVersion = 2;

/** What each version changed, for people whose notebook is on an older one. */
export const GENERATOR_CHANGES: Record<GeneratorVersion, string> = {
  1: 'the first generator',
  2: 'a BOOLEAN column without a generator hint is true or false (version 1 made every one false)',
};
export const MAX_ROWS_PER_TABLE = 5_000_000;

const seed = z.number().int().min(0).max(2 ** 31 - 1);

/** Synthetic sandbox input: generator version + seed + row counts per dataset (a dataset that is not
 * listed gets its default count; a child dataset's count follows from its parent's). */
export const SyntheticSpec = z.object({
  kind: z.literal('synthetic'),
  generatorVersion: z.literal(GENERATOR_VERSIONS),
  seed,
  rows: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/), z.number().int().min(0).max(MAX_ROWS_PER_TABLE)),
});
export type SyntheticSpec = z.infer<typeof SyntheticSpec>;

export const SAMPLE_ID = /^sm_[0-9a-f]{16}$/;

/** A masked sample of production drawn by the server (lib/samples): the id names it for good (the
 * server keeps its tables; a reload or a replay fetches exactly those), rate and seed say how it was drawn. */
export const SampleSpec = z.object({
  kind: z.literal('sample'),
  sampleId: z.string().regex(SAMPLE_ID, 'a sample id: sm_ and 16 hex digits'),
  seed,
  /** Share of each root dataset's rows, 0 < rate <= 1. */
  rate: z.number().gt(0).max(1),
});
export type SampleSpec = z.infer<typeof SampleSpec>;

/** What a notebook's and an experiment's input tables came from. */
export const SandboxSpec = z.discriminatedUnion('kind', [SyntheticSpec, SampleSpec]);
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
export function defaultSandboxSpec(datasets: readonly SandboxDataset[], seed = 1): SyntheticSpec {
  return {
    kind: 'synthetic',
    generatorVersion: GENERATOR_VERSION,
    seed,
    rows: Object.fromEntries(rootDatasets(datasets).map((d) => [d.name, defaultRows(d)])),
  };
}
