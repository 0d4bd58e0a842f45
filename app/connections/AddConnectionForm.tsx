'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { api } from '@/lib/client/api';

const DEFAULT_PORT = { postgres: 5432, mysql: 3306, files: 0 } as const;
type Kind = keyof typeof DEFAULT_PORT;

/** A new source connection: test it first (the database's own answer is shown), then add it. */
export function AddConnectionForm() {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>('postgres');
  const [fields, setFields] = useState({ name: '', host: '127.0.0.1', port: '5432', database: '', user: '', password: '' });
  const [tested, setTested] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const set = (key: keyof typeof fields) => (e: React.ChangeEvent<HTMLInputElement>) => setFields({ ...fields, [key]: e.target.value });
  // A files connection is a place for uploads: a name is all it has.
  const body = () => (kind === 'files' ? { name: fields.name, kind } : { ...fields, kind, port: Number(fields.port) });
  const field = (key: keyof typeof fields, label: string, type = 'text') => (
    <label style={{ display: 'grid', gap: 4 }}>
      {label}
      <input type={type} value={fields[key]} onChange={set(key)} autoComplete={type === 'password' ? 'new-password' : 'off'} />
    </label>
  );
  return (
    <section className="card" style={{ padding: 18 }} aria-label="Add a connection">
      <h2>Add a connection</h2>
      <form
        style={{ display: 'grid', gap: 10, gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', alignItems: 'end' }}
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await api('/api/connections', { method: 'POST', body: body() });
            setFields({ ...fields, name: '', password: '' });
            setTested(null);
            router.refresh();
          });
        }}
      >
        {field('name', 'Name')}
        <label style={{ display: 'grid', gap: 4 }}>
          Kind
          <select
            value={kind}
            onChange={(e) => {
              const next = e.target.value as Kind;
              setKind(next);
              setFields({ ...fields, port: String(DEFAULT_PORT[next] || '') });
            }}
          >
            <option value="postgres">PostgreSQL</option>
            <option value="mysql">MySQL/MariaDB</option>
            <option value="files">Files (CSV, Parquet uploads)</option>
          </select>
        </label>
        {kind !== 'files' && (
          <>
            {field('host', 'Host')}
            {field('port', 'Port', 'number')}
            {field('database', 'Database')}
            {field('user', 'User')}
            {field('password', 'Password', 'password')}
          </>
        )}
        <div style={{ display: 'flex', gap: 8 }}>
          {kind !== 'files' && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const result = await api<{ ok: boolean; message?: string }>('/api/connections/test', { method: 'POST', body: body() });
                setTested(result.ok ? 'Connection works.' : `Connection failed: ${result.message}`);
              })
            }
          >
            Test connection
          </button>
          )}
          <button type="submit" disabled={busy}>
            Add connection
          </button>
        </div>
      </form>
      {tested && (
        <p role="status" style={{ marginBottom: 0 }}>
          {tested}
        </p>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </section>
  );
}
