'use client';

import { diffLines } from 'diff';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { stringify } from 'yaml';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';
import type { DriftApply } from '@/lib/contracts/edit';
import type { ColumnContract } from '@/lib/contracts/schema';
import { ColumnPolicyCells, ContractDiff } from './ContractInputs';

type Props = { datasetId: string; eventId: number; version: number; columns: ColumnContract[]; additions: { name: string; type: string }[] };
type Choice = DriftApply['columns'][number];

const shape = (columns: readonly Pick<ColumnContract, 'name' | 'type' | 'nullable' | 'sensitivity' | 'masking' | 'description'>[]) =>
  stringify({ columns: columns.map(({ name, type, nullable, sensitivity, masking, description }) => ({ name, type, nullable, sensitivity, masking, description })) });

/** "Apply to contract" on an accepted additive drift event: the new columns with their source types,
 * the steward's sensitivity, masking and description for each (internal and unmasked to start), and
 * the contract's change as a diff before it is saved as the next version. */
export function ApplyDrift({ datasetId, eventId, version, columns, additions }: Props) {
  const router = useRouter();
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const { busy, error, run } = useAction();
  if (choices === null) {
    return (
      <button type="button" onClick={() => setChoices(additions.map((a) => ({ name: a.name, description: '', sensitivity: 'internal', masking: 'none' })))}>
        Apply to contract
      </button>
    );
  }
  const set = (i: number, patch: Partial<Choice>) => setChoices(choices.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const after = [...columns, ...additions.map((a, i) => ({ ...choices[i]!, type: a.type, nullable: true }))];
  const changes = diffLines(shape(columns), shape(after));
  return (
    <div role="group" aria-label={`Apply drift event ${eventId}`} style={{ display: 'grid', gap: 8, marginTop: 6 }}>
      <table className="contract" aria-label="New columns">
        <thead>
          <tr>
            <th scope="col">column</th>
            <th scope="col">type</th>
            <th scope="col">sensitivity</th>
            <th scope="col">masking</th>
            <th scope="col">description</th>
          </tr>
        </thead>
        <tbody>
          {additions.map((a, i) => (
            <tr key={a.name}>
              <td className="mono">{a.name}</td>
              <td className="mono">{a.type}</td>
              <ColumnPolicyCells label={`new column ${a.name}`} value={choices[i]!} onChange={(patch) => set(i, patch)} />
            </tr>
          ))}
        </tbody>
      </table>
      <ContractDiff changes={changes} context={false} />
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              await api(`/api/catalog/datasets/${datasetId}/drift/${eventId}/apply`, { method: 'POST', body: { baseVersion: version, columns: choices } satisfies DriftApply });
              setChoices(null);
              router.refresh();
            })
          }
        >
          Save as version {version + 1}
        </button>
        <button type="button" className="ghost" onClick={() => setChoices(null)}>
          Cancel
        </button>
        {error && (
          <span role="alert" className="form-error">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}
