import { z } from 'zod';

const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const column = z.string().regex(COLUMN, 'a column name: letters, digits and _');
const relation = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a source or model name');

/** What a failing check does in a production run: `error` (the default) blocks the publish, `warn` is
 * recorded. The notebook shows both alike. Optional so artifacts recorded before it keep their ids. */
export const CHECK_SEVERITIES = ['error', 'warn'] as const;
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];
const severity = z.enum(CHECK_SEVERITIES).optional();

/** One assertion on a model; each compiles to SQL that selects the failing rows (lib/quality/checks.ts). */
export const Check = z.discriminatedUnion('kind', [
  z.object({ id: z.string().min(1).max(64), severity, kind: z.literal('not_null'), column }),
  z.object({ id: z.string().min(1).max(64), severity, kind: z.literal('unique'), columns: z.array(column).min(1).max(16) }),
  z.object({
    id: z.string().min(1).max(64),
    severity,
    kind: z.literal('accepted_values'),
    column,
    values: z.array(z.string().max(1000)).min(1).max(1000),
  }),
  z.object({ id: z.string().min(1).max(64), severity, kind: z.literal('relationships'), column, to: relation, toColumn: column }),
  z
    .object({
      id: z.string().min(1).max(64),
      severity,
      kind: z.literal('row_count'),
      min: z.number().int().nonnegative().nullable(),
      max: z.number().int().nonnegative().nullable(),
    })
    .refine((c) => c.min !== null || c.max !== null, 'row_count needs a minimum, a maximum or both')
    .refine((c) => c.min === null || c.max === null || c.min <= c.max, 'row_count minimum is above its maximum'),
  z.object({ id: z.string().min(1).max(64), severity, kind: z.literal('expression'), predicate: z.string().min(1).max(10_000) }),
]);
export type Check = z.infer<typeof Check>;
export type CheckKind = Check['kind'];

export const severityOf = (check: Check): CheckSeverity => check.severity ?? 'error';
