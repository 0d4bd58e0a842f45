'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { utc } from '@/app/_components/utc';
import { api } from '@/lib/client/api';

type Exception = { column: string; reason: string; grantedBy: string; grantedAt: string };
type Props = { datasetId: string; piiColumns: string[]; exceptions: Exception[]; canEdit: boolean };

/** The pii columns samples carry unmasked by a steward's exception; stewards grant and revoke them. */
export function PiiExceptions({ datasetId, piiColumns, exceptions, canEdit }: Props) {
  const router = useRouter();
  const open = piiColumns.filter((c) => !exceptions.some((e) => e.column === c));
  const [column, setColumn] = useState(open[0] ?? '');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const change = (body: { column: string; grant: boolean; reason: string }) =>
    void run(async () => {
      await api(`/api/catalog/datasets/${datasetId}/pii-exceptions`, { method: 'POST', body });
      setReason('');
      router.refresh();
    });
  return (
    <section className="card" aria-label="PII in samples" style={{ padding: 18, display: 'grid', gap: 8 }}>
      <h2>PII in samples</h2>
      {exceptions.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          Samples of production carry every pii column masked by its rule.
        </p>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {exceptions.map((e) => (
            <li key={e.column} aria-label={`Exception for ${e.column}`}>
              <span className="mono">{e.column}</span> leaves unmasked — granted by {e.grantedBy}, {utc(new Date(e.grantedAt))}: {e.reason}{' '}
              {canEdit && (
                <button type="button" className="ghost" disabled={busy || reason.trim() === ''} onClick={() => change({ column: e.column, grant: false, reason })}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (piiColumns.length > 0 ? (
        <form
          aria-label="Grant an exception"
          style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}
          onSubmit={(event) => {
            event.preventDefault();
            change({ column, grant: true, reason });
          }}
        >
          <label>
            Column{' '}
            <select aria-label="PII column" value={column} onChange={(e) => setColumn(e.target.value)} disabled={open.length === 0}>
              {open.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <input aria-label="Reason" placeholder="why (required, audited)" value={reason} onChange={(e) => setReason(e.target.value)} style={{ minWidth: 260 }} />
          <button type="submit" disabled={busy || open.length === 0}>
            Let it out unmasked
          </button>
        </form>
      ) : (
        <p className="muted" style={{ margin: 0 }}>This dataset has no pii column.</p>
      ))}
      {error && (
        <p role="alert" className="form-error" style={{ margin: 0 }}>
          {error}
        </p>
      )}
    </section>
  );
}
