import { z } from 'zod';

export const SENSITIVITIES = ['public', 'internal', 'pii', 'secret'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const MASKING_RULES = ['none', 'hash', 'redact', 'partial', 'generalize'] as const;

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'names are lower_snake_case');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are ISO YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a calendar date');
/** Share of generated values that are NULL; only allowed on nullable columns. */
const nullRate = z.number().min(0).max(1).optional();
/** How a skewed draw leans towards small values: 0 = uniform, 1 = the density of u² near 0, up to 4. */
const skew = z.number().min(0).max(4).optional();

/** How the synthetic sandbox generator fills a column (lib/synth). Optional: a column without a hint
 * gets a default for its DuckDB type. Every value is synthetic; nothing is copied from real data. */
export const GeneratorHint = z.discriminatedUnion('kind', [
  /** The dataset's key: 1..n (a perParent dataset numbers its rows in parent order). */
  z.object({ kind: z.literal('sequence') }),
  /** A foreign key into another dataset's sequence column; `skew` makes some keys far more frequent. */
  z.object({ kind: z.literal('reference'), dataset: identifier, column: identifier, skew, nullRate }),
  /** 1..k within the parent row of a perParent dataset (a line number). */
  z.object({ kind: z.literal('child_index') }),
  /** `<first>.<last><n>@example.com`, unique per row and matching the row's person_name. */
  z.object({ kind: z.literal('email'), nullRate }),
  /** `<First> <Last>` from built-in lists of common given names and surnames. */
  z.object({ kind: z.literal('person_name'), nullRate }),
  /** `<Adjective> <Noun> <model number>` from built-in word lists. */
  z.object({ kind: z.literal('product_name'), nullRate }),
  z.object({
    kind: z.literal('category'),
    values: z.array(z.object({ value: z.union([z.string(), z.number()]), weight: z.number().positive() })).min(1),
    nullRate,
  }),
  /** Log-normal: half the values below `median`, `sigma` the spread of the log (0.5 mild, 1 heavy tail). */
  z.object({ kind: z.literal('money'), median: z.number().positive(), sigma: z.number().min(0).max(3), min: z.number().optional(), max: z.number().optional(), nullRate }),
  z.object({ kind: z.literal('integer'), min: z.number().int(), max: z.number().int(), skew, nullRate }),
  /** Between two fixed days (both included, never now()); seasonality adds weekday, month and hour-of-day patterns. */
  z.object({ kind: z.literal('timestamp'), from: isoDate, to: isoDate, seasonality: z.boolean(), nullRate }),
]);
export type GeneratorHint = z.infer<typeof GeneratorHint>;

export const ColumnContract = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'column names are lower_snake_case'),
  type: z.string().min(1),
  nullable: z.boolean(),
  description: z.string(),
  sensitivity: z.enum(SENSITIVITIES),
  masking: z.enum(MASKING_RULES),
  generator: GeneratorHint.optional(),
});
export type ColumnContract = z.infer<typeof ColumnContract>;

/** Row counts for the synthetic sandbox: a root dataset's default count (the sandbox spec may change
 * it), or min..max rows per row of a parent dataset (order lines per order). */
export const SyntheticRows = z.union([
  z.object({ defaultRows: z.number().int().min(0) }).strict(),
  z.object({ perParent: z.object({ dataset: identifier, min: z.number().int().min(0), max: z.number().int().min(1) }) }).strict(),
]);
export type SyntheticRows = z.infer<typeof SyntheticRows>;

export const DatasetContract = z
  .object({
    description: z.string().min(1),
    retentionDays: z.number().int().positive().nullable(),
    freshnessSlaHours: z.number().int().positive().nullable(),
    columns: z.array(ColumnContract).min(1),
    synthetic: SyntheticRows.optional(),
  })
  .superRefine((contract, ctx) => {
    const seen = new Set<string>();
    for (const [i, column] of contract.columns.entries()) {
      if (seen.has(column.name)) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'name'], message: `duplicate column ${column.name}` });
      }
      seen.add(column.name);
      const hint = column.generator;
      if (hint && 'nullRate' in hint && (hint.nullRate ?? 0) > 0 && !column.nullable) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'generator', 'nullRate'], message: `${column.name} is not nullable and cannot have a null rate` });
      }
      const range = hint?.kind === 'integer' || hint?.kind === 'money' ? hint : null;
      if (range && range.min !== undefined && range.max !== undefined && range.min > range.max) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'generator', 'max'], message: `${column.name}: min is above max` });
      }
      if (hint?.kind === 'timestamp' && hint.from > hint.to) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'generator', 'to'], message: `${column.name}: from is after to` });
      }
      if ((column.sensitivity === 'pii' || column.sensitivity === 'secret') && column.masking === 'none') {
        ctx.addIssue({
          code: 'custom',
          path: ['columns', i, 'masking'],
          message: `${column.name} is ${column.sensitivity} and needs a masking rule`,
        });
      }
    }
    const perParent = contract.synthetic && 'perParent' in contract.synthetic ? contract.synthetic.perParent : null;
    if (perParent && perParent.min > perParent.max) {
      ctx.addIssue({ code: 'custom', path: ['synthetic', 'perParent', 'max'], message: 'perParent min is above max' });
    }
  });
export type DatasetContract = z.infer<typeof DatasetContract>;
