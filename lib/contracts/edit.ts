import { z } from 'zod';
import type { DriftChange } from '@/lib/sources/drift';
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

/** A steward's choices for the columns an additive load found: each new column's governance. A
 * column the body does not name starts `internal`, unmasked, with no description. */
export const DriftApply = z.strictObject({
  baseVersion: z.number().int().positive(),
  columns: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(200),
        description: z.string().max(2_000),
        sensitivity: z.enum(SENSITIVITIES),
        masking: z.enum(MASKING_RULES),
      }),
    )
    .max(1_000)
    .default([]),
});
export type DriftApply = z.infer<typeof DriftApply>;

const CONTRACT_NAME = /^[a-z_][a-z0-9_]*$/;

/** The columns a drift event saw added in the source that the contract still lacks, with their
 * DuckDB types. Empty: nothing to apply (no column was added, or they are in the contract already). */
export function columnsToAdd(changes: readonly DriftChange[], contract: DatasetContract): { name: string; type: string }[] {
  const has = new Set(contract.columns.map((c) => c.name));
  return changes.flatMap((c) => (c.kind === 'added' && !has.has(c.column) ? [{ name: c.column, type: c.type }] : []));
}

/**
 * The contract with the source's new columns appended: names and types as the source has them,
 * always nullable (rows loaded before the column existed have no value for it, and an incremental
 * load keeps them), governance as the steward chose — `internal` and unmasked unless said otherwise.
 * The result must be a valid contract, so a `pii` column without masking is refused, naming it.
 */
export function addSourceColumns(
  current: DatasetContract,
  additions: readonly { name: string; type: string }[],
  choices: DriftApply['columns'],
): { ok: true; contract: DatasetContract } | { ok: false; message: string } {
  const unknown = choices.filter((c) => !additions.some((a) => a.name === c.name)).map((c) => c.name);
  if (unknown.length > 0) return { ok: false, message: `columns ${unknown.join(', ')} are not new columns of this drift event` };
  const invalid = additions.filter((a) => !CONTRACT_NAME.test(a.name)).map((a) => a.name);
  if (invalid.length > 0) {
    return { ok: false, message: `column${invalid.length === 1 ? '' : 's'} ${invalid.join(', ')} cannot join the contract: contract columns are lower_snake_case and keep the source's names, so rename ${invalid.length === 1 ? 'it' : 'them'} in the source` };
  }
  const chosen = new Map(choices.map((c) => [c.name, c]));
  const added: ColumnContract[] = additions.map((a) => {
    const choice = chosen.get(a.name);
    return { name: a.name, type: a.type, nullable: true, description: choice?.description ?? '', sensitivity: choice?.sensitivity ?? 'internal', masking: choice?.masking ?? 'none' };
  });
  const parsed = DatasetContract.safeParse({ ...current, columns: [...current.columns, ...added] });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'not a valid contract' };
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
