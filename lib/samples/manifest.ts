import { z } from 'zod';
import { SAMPLE_ID } from '@/lib/synth/spec';

const name = z.string().regex(/^[a-z_][a-z0-9_]*$/);
const fingerprint = z.string().regex(/^fp2:[0-9a-f]{64}$/);

/** One table of a sample: which snapshot and contract version it was drawn from, and what it holds
 * (columns as the masked table has them, so a pseudonymised key keeps the type masking gave it). */
export const SampleTable = z.strictObject({
  name,
  datasetId: z.string().min(1).max(200),
  snapshotId: z.number().int().positive(),
  contractVersion: z.number().int().positive(),
  rows: z.number().int().min(0),
  fingerprint,
  columns: z.array(z.strictObject({ name, type: z.string().min(1).max(2_000) })).min(1),
  /** The Arrow stream's size; `storedBytes` its gzip file's, which is what travels. */
  bytes: z.number().int().min(0),
  storedBytes: z.number().int().min(0).optional(),
  /** pii columns a steward's exception let out as they are. */
  unmasked: z.array(name).optional(),
});
export type SampleTable = z.infer<typeof SampleTable>;

/** What the server says of a drawn sample; the table files are fetched one by one. */
export const SampleManifest = z.strictObject({
  id: z.string().regex(SAMPLE_ID),
  seed: z.number().int(),
  rate: z.number().gt(0).max(1),
  tables: z.array(SampleTable).min(1),
  rows: z.number().int().min(0),
  bytes: z.number().int().min(0),
  createdAt: z.string(),
});
export type SampleManifest = z.infer<typeof SampleManifest>;

/** Rows a sample may hold in all (ASSAY_SAMPLE_MAX_ROWS): what a browser tab holds comfortably. */
export const sampleRowLimit = (env: Record<string, string | undefined> = process.env) => Number(env.ASSAY_SAMPLE_MAX_ROWS || 2_000_000);

export const SampleRequest = z.strictObject({
  rate: z.number().gt(0, 'rate: more than 0').max(1, 'rate: at most 1 (every row)'),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  /** The datasets to sample (every one with a snapshot when absent). */
  datasets: z.array(name).min(1).max(200).optional(),
});
export type SampleRequest = z.infer<typeof SampleRequest>;
