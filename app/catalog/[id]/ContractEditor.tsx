'use client';

import { diffLines } from 'diff';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { stringify } from 'yaml';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';
import { ContractColumns } from '../ContractColumns';
import type { ContractEdit } from '@/lib/contracts/edit';
import type { DatasetContract } from '@/lib/contracts/schema';
import { ColumnPolicyCells, ContractDiff } from './ContractInputs';

type Props = { datasetId: string; version: number; contract: DatasetContract; canEdit: boolean };
type Draft = Omit<ContractEdit, 'baseVersion' | 'retentionDays' | 'freshnessSlaHours'> & { retentionDays: string; freshnessSlaHours: string };

const draftOf = (contract: DatasetContract): Draft => ({
  description: contract.description,
  retentionDays: contract.retentionDays === null ? '' : String(contract.retentionDays),
  freshnessSlaHours: contract.freshnessSlaHours === null ? '' : String(contract.freshnessSlaHours),
  columns: contract.columns.map(({ name, description, sensitivity, masking }) => ({ name, description, sensitivity, masking })),
});
const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));
const editOf = (draft: Draft, baseVersion: number): ContractEdit => ({
  ...draft,
  baseVersion,
  retentionDays: numberOrNull(draft.retentionDays),
  freshnessSlaHours: numberOrNull(draft.freshnessSlaHours),
});
/** What the diff compares: the fields a steward edits, as YAML, one line per value. */
const reviewText = (edit: Omit<ContractEdit, 'baseVersion'>) => stringify({ description: edit.description, retentionDays: edit.retentionDays, freshnessSlaHours: edit.freshnessSlaHours, columns: edit.columns });

/** The contract's columns for everyone; for stewards an editor whose change is shown as a diff before
 * it is saved as the next version. */
export function ContractEditor({ datasetId, version, contract, canEdit }: Props) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const { busy, error, run } = useAction();
  const setColumn = (i: number, patch: Partial<Draft['columns'][number]>) =>
    setDraft((d) => (d ? { ...d, columns: d.columns.map((c, j) => (j === i ? { ...c, ...patch } : c)) } : d));

  if (draft === null) {
    return (
      <section className="card" aria-label="Contract" style={{ padding: 18, display: 'grid', gap: 8 }}>
        <h2>Contract v{version}</h2>
        <p style={{ margin: 0 }}>
          {contract.description} · retention {contract.retentionDays === null ? 'none' : `${contract.retentionDays} days`} · freshness SLA{' '}
          {contract.freshnessSlaHours === null ? 'none' : `${contract.freshnessSlaHours} h`}
        </p>
        <ContractColumns columns={contract.columns} label="Contract columns" />
        {canEdit ? (
          <p style={{ margin: 0 }}>
            <button type="button" onClick={() => setDraft(draftOf(contract))}>
              Edit contract
            </button>
          </p>
        ) : (
          <p className="muted" style={{ margin: 0 }}>
            Stewards edit contracts; every change is a new version.
          </p>
        )}
      </section>
    );
  }

  const edit = editOf(draft, version);
  const changes = diffLines(reviewText(editOf(draftOf(contract), version)), reviewText(edit));
  const changed = changes.some((part) => part.added || part.removed);
  return (
    <section className="card" aria-label="Contract" style={{ padding: 18, display: 'grid', gap: 10 }}>
      <h2>Edit contract v{version}</h2>
      <label style={{ display: 'grid', gap: 2 }}>
        <span className="muted">Description</span>
        <textarea aria-label="Dataset description" value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} rows={2} />
      </label>
      <div style={{ display: 'flex', gap: 12 }}>
        <label style={{ display: 'grid', gap: 2 }}>
          <span className="muted">Retention (days)</span>
          <input type="number" min={1} aria-label="Retention days" value={draft.retentionDays} placeholder="none" onChange={(e) => setDraft({ ...draft, retentionDays: e.target.value })} />
        </label>
        <label style={{ display: 'grid', gap: 2 }}>
          <span className="muted">Freshness SLA (hours)</span>
          <input type="number" min={1} aria-label="Freshness SLA hours" value={draft.freshnessSlaHours} placeholder="none" onChange={(e) => setDraft({ ...draft, freshnessSlaHours: e.target.value })} />
        </label>
      </div>
      <table className="contract" aria-label="Edit columns">
        <thead>
          <tr>
            <th scope="col">column</th>
            <th scope="col">sensitivity</th>
            <th scope="col">masking</th>
            <th scope="col">description</th>
          </tr>
        </thead>
        <tbody>
          {draft.columns.map((c, i) => (
            <tr key={c.name}>
              <td className="mono">{c.name}</td>
              <ColumnPolicyCells label={c.name} value={c} onChange={(patch) => setColumn(i, patch)} />
            </tr>
          ))}
        </tbody>
      </table>
      {reviewing && (
        changed ? (
          <ContractDiff changes={changes} context />
        ) : (
          <div className="diff" role="region" aria-label="Contract change">
            Nothing changed.
          </div>
        )
      )}
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        {reviewing ? (
          <button
            type="button"
            className="primary"
            disabled={busy || !changed}
            onClick={() =>
              void run(async () => {
                await api(`/api/catalog/datasets/${datasetId}/contract`, { method: 'PUT', body: edit });
                setDraft(null);
                setReviewing(false);
                router.refresh();
              })
            }
          >
            Save as version {version + 1}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => setReviewing(true)}>
            Review change
          </button>
        )}
        <button
          type="button"
          className="ghost"
          onClick={() => {
            setDraft(null);
            setReviewing(false);
          }}
        >
          Cancel
        </button>
        {error && (
          <span role="alert" className="form-error">
            {error}
          </span>
        )}
      </div>
    </section>
  );
}
