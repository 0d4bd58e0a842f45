'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

/** How many approvals a promotion into this pipeline needs; shown to stewards and admins, who set it. */
export function RequiredApprovals({ pipelineId, current }: { pipelineId: string; current: number }) {
  const router = useRouter();
  const [value, setValue] = useState(String(current));
  const { busy, error, run } = useAction();
  return (
    <form
      aria-label="Approval policy"
      style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await api(`/api/pipelines/${pipelineId}`, { method: 'PATCH', body: { requiredApprovals: Number(value) } });
          router.refresh();
        });
      }}
    >
      <label htmlFor="required-approvals">Approvals required</label>
      <input id="required-approvals" type="number" min={1} max={5} value={value} onChange={(e) => setValue(e.target.value)} style={{ width: 64 }} />
      <button type="submit" disabled={busy || Number(value) === current}>
        Save
      </button>
      {error && (
        <span role="alert" className="form-error">
          {error}
        </span>
      )}
    </form>
  );
}
