import { z } from 'zod';
import { DatasetContract, MASKING_RULES, SENSITIVITIES, type ColumnContract } from './schema';

/** What a steward may change in a contract from the app: the words and the governance, not the shape
 * (names, types and nullability come from the source; generator hints stay as they are). */
export const ContractEdit = z.strictObject({
  baseVersion: z.number().int().positive(),
  description: z.string().trim().min(1, 'description: say what one row is').max(2_000),
  retentionDays: z.number().int().positive().nullable(),
  freshnessSlaHours: z.number().int().positive().nullable(),
  columns: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
        description: z.string().max(2_000),
        sensitivity: z.enum(SENSITIVITIES),
        masking: z.enum(MASKING_RULES),
      }),
    )
    .min(1)
    .max(1_000),
});
export type ContractEdit = z.infer<typeof ContractEdit>;

/** The edit applied to `current`: every column of the edit must be one of the contract's, and the
 * result must be a valid contract (PII with no masking is refused, naming the column). */
export function applyContractEdit(current: DatasetContract, edit: ContractEdit): { ok: true; contract: DatasetContract } | { ok: false; message: string } {
  const edits = new Map(edit.columns.map((c) => [c.name, c]));
  const unknown = [...edits.keys()].filter((name) => !current.columns.some((c) => c.name === name));
  if (unknown.length > 0) return { ok: false, message: `columns ${unknown.join(', ')} are not in the contract: columns come from the source` };
  const columns: ColumnContract[] = current.columns.map((c) => {
    const e = edits.get(c.name);
    return e ? { ...c, description: e.description, sensitivity: e.sensitivity, masking: e.masking } : c;
  });
  const parsed = DatasetContract.safeParse({ ...current, description: edit.description, retentionDays: edit.retentionDays, freshnessSlaHours: edit.freshnessSlaHours, columns });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: issue?.message ?? 'not a valid contract' };
  }
  return { ok: true, contract: parsed.data };
}

const shown = (value: unknown) => (value === null || value === undefined ? 'none' : typeof value === 'string' ? JSON.stringify(value) : String(value));

/** Every difference between two versions of a contract, in words, for the history and the audit log. */
export function contractChanges(before: DatasetContract, after: DatasetContract): string[] {
  const changes: string[] = [];
  if (before.description !== after.description) changes.push(`description ${shown(before.description)} → ${shown(after.description)}`);
  if (before.retentionDays !== after.retentionDays) changes.push(`retention ${shown(before.retentionDays)} → ${shown(after.retentionDays)} days`);
  if (before.freshnessSlaHours !== after.freshnessSlaHours) changes.push(`freshness SLA ${shown(before.freshnessSlaHours)} → ${shown(after.freshnessSlaHours)} hours`);
  const old = new Map(before.columns.map((c) => [c.name, c]));
  for (const column of after.columns) {
    const was = old.get(column.name);
    if (!was) {
      changes.push(`${column.name} added (${column.type})`);
      continue;
    }
    for (const field of ['type', 'nullable', 'sensitivity', 'masking', 'description'] as const) {
      if (was[field] !== column[field]) changes.push(`${column.name}: ${field} ${shown(was[field])} → ${shown(column[field])}`);
    }
  }
  for (const name of old.keys()) if (!after.columns.some((c) => c.name === name)) changes.push(`${name} removed`);
  return changes;
}
