import { z } from 'zod';
import { ARTIFACT_ID } from '@/lib/artifact/schema';
import { MODEL_NAME } from '@/lib/notebook/schema';

const modelName = z.string().regex(MODEL_NAME, 'model names are lower_snake_case');
const text = (max: number) => z.string().trim().max(max);

/** What the author writes about each output: a description per model and column, and whether a
 * column may be NULL (the contract the compatibility gate holds the next version to). */
export const ModelDocs = z.strictObject({
  description: text(2_000),
  columns: z.record(z.string().min(1).max(255), z.strictObject({ description: text(2_000), nullable: z.boolean() })),
});
export type ModelDocs = z.infer<typeof ModelDocs>;

export const PipelineName = z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'a pipeline name: lower_snake_case, 2 to 63 characters');

export const PromotionSubmission = z.strictObject({
  /** The models the pipeline publishes; the others are intermediate (they run and are in the lineage,
   * but are not published, and their docs are optional). Checks and the compatible gate judge these. */
  outputs: z.array(modelName).min(1, 'choose at least one output model').max(200).refine((o) => new Set(o).size === o.length, 'each output once'),
  docs: z.record(modelName, ModelDocs),
  /** Outputs that carry PII on purpose, each with the reason; a steward must approve them. */
  piiDeclarations: z.array(z.strictObject({ model: modelName, reason: text(2_000).min(1, 'say why the output carries PII') })).max(200),
  /** The acknowledgement a breaking change needs, with how consumers migrate. */
  breaking: z.strictObject({ migrationNote: text(10_000).min(1, 'a breaking change needs a migration note') }).nullable(),
});
export type PromotionSubmission = z.infer<typeof PromotionSubmission>;

export const SubmitBody = z.strictObject({
  artifactId: z.string().regex(ARTIFACT_ID, 'an artifact id: 64 lowercase hex digits'),
  pipeline: z.union([z.strictObject({ id: z.string().min(1).max(64) }), z.strictObject({ name: PipelineName })]),
  submission: PromotionSubmission,
});
export type SubmitBody = z.infer<typeof SubmitBody>;

export const ResubmitBody = z.strictObject({ submission: PromotionSubmission });
export const WithdrawBody = z.strictObject({ reason: text(2_000) });

export const GATES = ['reproducible', 'quality', 'compatible', 'compliant', 'documented'] as const;
export type GateName = (typeof GATES)[number];

export type GateResult = {
  gate: GateName;
  status: 'pass' | 'fail';
  summary: string;
  /** What the gate looked at, for the review page: JSON-safe. */
  evidence: unknown;
};

export type GateRunResult = {
  gates: GateResult[];
  /** The production version the gates compared with (null: the pipeline had none). Promotion swaps
   * exactly this version out, or refuses. */
  productionVersion: number | null;
  /** The change is breaking (acknowledged or not): a steward must be among the approvers. */
  breaking: boolean;
  /** Some output carries PII by declaration: a steward must be among the approvers. */
  piiDeclared: boolean;
  /** Candidate vs production on the same input; null for a pipeline's first version or when it failed. */
  dataDiff: unknown;
  /** Set when the gates could not run at all (the request shows "gates_error"). */
  error: string | null;
  elapsedMs: number;
};
