import { describe, expect, it } from 'vitest';
import { addSourceColumns, applyContractEdit, columnsToAdd, contractChanges, type ContractEdit } from './edit';
import type { DatasetContract } from './schema';

const CONTRACT: DatasetContract = {
  description: 'One row per customer.',
  retentionDays: 30,
  freshnessSlaHours: null,
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false, description: 'Key.', sensitivity: 'internal', masking: 'none', generator: { kind: 'sequence' } },
    { name: 'email', type: 'VARCHAR', nullable: false, description: 'Login.', sensitivity: 'pii', masking: 'hash' },
  ],
};
const edit = (patch: Partial<ContractEdit> = {}): ContractEdit => ({
  baseVersion: 1,
  description: CONTRACT.description,
  retentionDays: 30,
  freshnessSlaHours: null,
  columns: CONTRACT.columns.map(({ name, description, sensitivity, masking }) => ({ name, description, sensitivity, masking })),
  ...patch,
});

describe('contract edits', () => {
  it('changes words and governance, keeps types and generator hints, and says what changed', () => {
    const applied = applyContractEdit(CONTRACT, edit({ freshnessSlaHours: 24, columns: [{ name: 'email', description: 'Login e-mail.', sensitivity: 'pii', masking: 'partial' }] }));
    if (!applied.ok) throw new Error(applied.message);
    expect(applied.contract.columns[0]).toEqual(CONTRACT.columns[0]);
    expect(applied.contract.columns[1]).toMatchObject({ type: 'VARCHAR', masking: 'partial', description: 'Login e-mail.' });
    expect(contractChanges(CONTRACT, applied.contract)).toEqual(['freshness SLA none → 24 hours', 'email: masking "hash" → "partial"', 'email: description "Login." → "Login e-mail."']);
    expect(contractChanges(CONTRACT, CONTRACT)).toEqual([]);
  });

  it('refuses PII left unmasked and a column the contract does not have', () => {
    expect(applyContractEdit(CONTRACT, edit({ columns: [{ name: 'email', description: '', sensitivity: 'pii', masking: 'none' }] }))).toEqual({ ok: false, message: 'email is pii and needs a masking rule' });
    expect(applyContractEdit(CONTRACT, edit({ columns: [{ name: 'phone', description: '', sensitivity: 'pii', masking: 'redact' }] }))).toEqual({ ok: false, message: 'columns phone are not in the contract: columns come from the source' });
  });
});

describe('columns from an additive drift', () => {
  const changes = [
    { kind: 'added' as const, column: 'email', type: 'VARCHAR' },
    { kind: 'added' as const, column: 'tier', type: 'INTEGER' },
  ];

  it('are the added columns the contract lacks, joining it nullable, internal and unmasked unless chosen', () => {
    expect(columnsToAdd(changes, CONTRACT)).toEqual([{ name: 'tier', type: 'INTEGER' }]);
    expect(columnsToAdd([{ kind: 'dropped', column: 'email' }], CONTRACT)).toEqual([]);
    const added = addSourceColumns(CONTRACT, [{ name: 'tier', type: 'INTEGER' }], []);
    if (!added.ok) throw new Error(added.message);
    expect(added.contract.columns.at(-1)).toEqual({ name: 'tier', type: 'INTEGER', nullable: true, description: '', sensitivity: 'internal', masking: 'none' });
    expect(contractChanges(CONTRACT, added.contract)).toEqual(['tier added (INTEGER)']);
  });

  it.each([
    [[{ name: 'tier', description: '', sensitivity: 'secret' as const, masking: 'none' as const }], 'tier is secret and needs a masking rule'],
    [[{ name: 'email', description: '', sensitivity: 'internal' as const, masking: 'none' as const }], 'columns email are not new columns of this drift event'],
  ])('refuse %j', (choices, message) => {
    expect(addSourceColumns(CONTRACT, [{ name: 'tier', type: 'INTEGER' }], choices)).toEqual({ ok: false, message });
  });

  it('refuse a source name that is not lower_snake_case, naming it', () => {
    expect(addSourceColumns(CONTRACT, [{ name: 'TierCode', type: 'INTEGER' }], [])).toEqual({
      ok: false,
      message: "column TierCode cannot join the contract: contract columns are lower_snake_case and keep the source's names, so rename it in the source",
    });
  });
});
