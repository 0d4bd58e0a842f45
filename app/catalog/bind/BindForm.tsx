'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';
import { MASKING_RULES, SENSITIVITIES, type ColumnContract, type DatasetContract } from '@/lib/contracts/schema';

type Proposal = { columns: { name: string; sourceType: string; duckdbType: string }[]; contract: DatasetContract; primaryKeyGuess: string[]; cursorGuess: string | null };

const datasetNameOf = (table: string) => (table.split('.').pop() ?? table).toLowerCase().replace(/[^a-z0-9_]/g, '_');

export function BindForm({ connections }: { connections: { id: string; name: string }[] }) {
  const router = useRouter();
  const [connectionId, setConnectionId] = useState('');
  const [tables, setTables] = useState<string[] | null>(null);
  const [table, setTable] = useState('');
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [columns, setColumns] = useState<ColumnContract[]>([]);
  const [primaryKey, setPrimaryKey] = useState<string[]>([]);
  const [cursorColumn, setCursorColumn] = useState('');
  const [lookback, setLookback] = useState('0');
  const [driftPolicy, setDriftPolicy] = useState<'block' | 'additive'>('block');
  const [schedule, setSchedule] = useState('');
  const { busy, error, run } = useAction();

  const chooseConnection = (id: string) => {
    setConnectionId(id);
    setTables(null);
    setTable('');
    setProposal(null);
    if (!id) return;
    void run(async () => {
      const page = await api<{ items: string[] }>(`/api/connections/${id}/tables?limit=100`);
      setTables(page.items);
    });
  };
  const propose = () =>
    void run(async () => {
      const p = await api<Proposal>(`/api/connections/${connectionId}/proposal?table=${encodeURIComponent(table)}`);
      setProposal(p);
      setName(datasetNameOf(table));
      setDescription(p.contract.description);
      setColumns(p.contract.columns);
      setPrimaryKey(p.primaryKeyGuess);
      setCursorColumn(p.cursorGuess ?? '');
    });
  const edit = (i: number, patch: Partial<ColumnContract>) => setColumns(columns.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  return (
    <section className="card" style={{ padding: 18, display: 'grid', gap: 12 }} aria-label="Bind">
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'end' }}>
        <label style={{ display: 'grid', gap: 4 }}>
          Connection
          <select value={connectionId} onChange={(e) => chooseConnection(e.target.value)}>
            <option value="">Choose…</option>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {tables && (
          <label style={{ display: 'grid', gap: 4 }}>
            Table
            <select value={table} onChange={(e) => setTable(e.target.value)}>
              <option value="">Choose…</option>
              {tables.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
        )}
        {table && (
          <button type="button" disabled={busy} onClick={propose}>
            Propose contract
          </button>
        )}
      </div>
      {proposal && (
        <form
          aria-label="Contract"
          style={{ display: 'grid', gap: 12 }}
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const contract = { ...proposal.contract, description, columns };
              const body = { connectionId, table, name, contract, primaryKey, cursorColumn: cursorColumn || null, lookback: Number(lookback), driftPolicy, schedule: schedule.trim() || null };
              await api('/api/catalog/sources', { method: 'POST', body });
              router.push(`/catalog/${name}`);
            });
          }}
        >
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'end' }}>
            <label style={{ display: 'grid', gap: 4 }}>
              Dataset name
              <input value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label style={{ display: 'grid', gap: 4, flex: 1, minWidth: 240 }}>
              Description
              <input value={description} onChange={(e) => setDescription(e.target.value)} />
            </label>
            <label style={{ display: 'grid', gap: 4 }}>
              Cursor column
              <select value={cursorColumn} onChange={(e) => setCursorColumn(e.target.value)}>
                <option value="">none (full loads only)</option>
                {columns.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label style={{ display: 'grid', gap: 4 }}>
              Lookback
              <input type="number" min={0} value={lookback} onChange={(e) => setLookback(e.target.value)} style={{ width: 90 }} />
            </label>
            <label style={{ display: 'grid', gap: 4 }}>
              Schedule (cron, UTC)
              <input value={schedule} placeholder="by hand only" onChange={(e) => setSchedule(e.target.value)} style={{ width: 140 }} />
            </label>
            <label style={{ display: 'grid', gap: 4 }}>
              Drift policy
              <select value={driftPolicy} onChange={(e) => setDriftPolicy(e.target.value as 'block' | 'additive')}>
                <option value="block">block</option>
                <option value="additive">additive</option>
              </select>
            </label>
          </div>
          <table className="contract">
            <thead>
              <tr>
                <th>Column</th>
                <th>Source type</th>
                <th>DuckDB type</th>
                <th>Primary key</th>
                <th>Sensitivity</th>
                <th>Masking</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {columns.map((c, i) => (
                <tr key={c.name}>
                  <td className="mono">{c.name}</td>
                  <td className="mono">{proposal.columns[i]?.sourceType}</td>
                  <td className="mono">{c.type}</td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Primary key ${c.name}`}
                      checked={primaryKey.includes(c.name)}
                      onChange={(e) => setPrimaryKey(e.target.checked ? [...primaryKey, c.name] : primaryKey.filter((k) => k !== c.name))}
                    />
                  </td>
                  <td>
                    <select aria-label={`Sensitivity of ${c.name}`} value={c.sensitivity} onChange={(e) => edit(i, { sensitivity: e.target.value as ColumnContract['sensitivity'] })}>
                      {SENSITIVITIES.map((s) => (
                        <option key={s}>{s}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select aria-label={`Masking of ${c.name}`} value={c.masking} onChange={(e) => edit(i, { masking: e.target.value as ColumnContract['masking'] })}>
                      {MASKING_RULES.map((m) => (
                        <option key={m}>{m}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input aria-label={`Description of ${c.name}`} value={c.description} onChange={(e) => edit(i, { description: e.target.value })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div>
            <button type="submit" disabled={busy}>
              Bind dataset
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </section>
  );
}
