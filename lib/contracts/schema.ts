import { z } from 'zod';

export const SENSITIVITIES = ['public', 'internal', 'pii', 'secret'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const MASKING_RULES = ['none', 'hash', 'redact', 'partial', 'generalize'] as const;

export const ColumnContract = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'column names are lower_snake_case'),
  type: z.string().min(1),
  nullable: z.boolean(),
  description: z.string(),
  sensitivity: z.enum(SENSITIVITIES),
  masking: z.enum(MASKING_RULES),
});
export type ColumnContract = z.infer<typeof ColumnContract>;

export const DatasetContract = z
  .object({
    description: z.string().min(1),
    retentionDays: z.number().int().positive().nullable(),
    freshnessSlaHours: z.number().int().positive().nullable(),
    columns: z.array(ColumnContract).min(1),
  })
  .superRefine((contract, ctx) => {
    const seen = new Set<string>();
    for (const [i, column] of contract.columns.entries()) {
      if (seen.has(column.name)) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'name'], message: `duplicate column ${column.name}` });
      }
      seen.add(column.name);
      if ((column.sensitivity === 'pii' || column.sensitivity === 'secret') && column.masking === 'none') {
        ctx.addIssue({
          code: 'custom',
          path: ['columns', i, 'masking'],
          message: `${column.name} is ${column.sensitivity} and needs a masking rule`,
        });
      }
    }
  });
export type DatasetContract = z.infer<typeof DatasetContract>;
