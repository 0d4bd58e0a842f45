'use client';

import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/client/api';
import { browserEngine } from '@/lib/client/engine';
import { compareParity, type ParityCaseResult } from '@/lib/engine/parity-compare';
import { runParitySuite } from '@/lib/engine/parity-queries';
import { queryKeys } from '@/lib/client/queries';

type ServerParity = { version: string; varchar: string; raw: string };

async function checkParity(): Promise<{ browserVersion: string; serverVersion: string; cases: ParityCaseResult[] }> {
  const [server, engine] = await Promise.all([api<ServerParity>('/api/engine/parity'), browserEngine()]);
  const browserVersion = String((await engine.query('SELECT version()')).rows[0]?.[0]);
  const varchar = await runParitySuite(engine);
  const raw = await runParitySuite(engine, 'raw');
  return {
    browserVersion,
    serverVersion: server.version,
    cases: [...compareParity('varchar', varchar, server.varchar), ...compareParity('raw', raw, server.raw)],
  };
}

export function EngineCheck() {
  const { data, error, isPending } = useQuery({ queryKey: queryKeys.engineParity(), queryFn: checkParity, staleTime: Infinity, retry: false });
  if (isPending) return <p aria-live="polite">Running the parity suite on both engines…</p>;
  if (error) return <p className="form-error" role="alert">The check could not run: {error.message}</p>;
  const differing = data.cases.filter((c) => !c.identical);
  return (
    <section className="card" style={{ padding: 18 }} aria-label="Parity result">
      <h2 role="status">
        {differing.length === 0
          ? `All ${data.cases.length} results identical`
          : `${differing.length} of ${data.cases.length} results differ`}
      </h2>
      <p className="muted">
        Browser: DuckDB {data.browserVersion} (WebAssembly) · Server: DuckDB {data.serverVersion} (native)
      </p>
      <table className="contract" aria-label="Cases">
        <thead>
          <tr>
            <th>Case</th>
            <th>Compared as</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {data.cases.map((c) => (
            <tr key={`${c.render}:${c.name}`}>
              <td>{c.name}</td>
              <td>{c.render === 'varchar' ? 'DuckDB text' : 'values'}</td>
              <td>
                {c.identical ? (
                  'identical'
                ) : (
                  <span className="mono">
                    browser {c.here} · server {c.there}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
