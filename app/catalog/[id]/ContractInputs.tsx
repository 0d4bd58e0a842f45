'use client';

import type { Change } from 'diff';
import { MASKING_RULES, SENSITIVITIES, type ColumnContract } from '@/lib/contracts/schema';

type Policy = Pick<ColumnContract, 'sensitivity' | 'masking' | 'description'>;

/** A column's sensitivity, masking and description as three editable table cells; `label` names the
 * column in each input's accessible name ("Sensitivity of <label>"). */
export function ColumnPolicyCells({ label, value, onChange }: { label: string; value: Policy; onChange: (patch: Partial<Policy>) => void }) {
  return (
    <>
      <td>
        <select aria-label={`Sensitivity of ${label}`} value={value.sensitivity} onChange={(e) => onChange({ sensitivity: e.target.value as Policy['sensitivity'] })}>
          {SENSITIVITIES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </td>
      <td>
        <select aria-label={`Masking of ${label}`} value={value.masking} onChange={(e) => onChange({ masking: e.target.value as Policy['masking'] })}>
          {MASKING_RULES.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </td>
      <td>
        <input aria-label={`Description of ${label}`} value={value.description} onChange={(e) => onChange({ description: e.target.value })} style={{ width: '100%' }} />
      </td>
    </>
  );
}

/** A contract change as +/- lines (the `diff` library's line changes); with `context`, the unchanged
 * non-blank lines are shown between them. */
export function ContractDiff({ changes, context }: { changes: Change[]; context: boolean }) {
  return (
    <div className="diff" role="region" aria-label="Contract change">
      {changes.flatMap((part, i) =>
        part.value
          .replace(/\n$/, '')
          .split('\n')
          .map((line, j) =>
            part.added || part.removed || (context && line.trim() !== '') ? (
              <div key={`${i}.${j}`} className={part.added ? 'add' : part.removed ? 'del' : undefined}>
                {part.added ? '+ ' : part.removed ? '- ' : '  '}
                {line}
              </div>
            ) : null,
          ),
      )}
    </div>
  );
}
