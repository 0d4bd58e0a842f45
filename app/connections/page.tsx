import Link from 'next/link';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { requirePageUser } from '@/lib/server/auth/page';
import { keysetPagingOrFirst } from '@/lib/server/pagination/keyset';
import { listConnections } from '@/lib/server/sources/connections';
import { AddConnectionForm } from './AddConnectionForm';
import { ConnectionActions } from './ConnectionActions';
import { UploadFile } from './UploadFile';

const KIND_LABELS = { postgres: 'PostgreSQL', mysql: 'MySQL/MariaDB', files: 'Files (CSV, Parquet)' } as const;

export default async function ConnectionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser(SOURCE_MANAGERS);
  const query = await searchParams;
  const paging = keysetPagingOrFirst(app, { list: 'connections', filter: {} }, firstParam(query.cursor), 25);
  const { items, nextCursor } = paging.page(await listConnections(app.db, paging.request));
  return (
    <>
      <TopBar user={user} current="catalog" />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div>
          <h1>Connections</h1>
          <p className="muted" style={{ margin: 0 }}>
            Source databases datasets load from. Passwords are encrypted at rest and never shown again. <Link href="/catalog/bind">Bind a source table</Link>
          </p>
        </div>
        <section className="card" aria-label="Connections">
          {items.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              No connections yet.
            </p>
          ) : (
            <table className="data-list">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Kind</th>
                  <th>Where</th>
                  <th>Datasets</th>
                  <th>Added</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id} aria-label={c.name}>
                    <td>
                      {c.name} {c.disabled && <span className="badge">disabled</span>}
                    </td>
                    <td>{KIND_LABELS[c.kind]}</td>
                    <td className="mono">
                      {c.kind === 'files' ? (
                        <>
                          uploaded files
                          {!c.disabled && <UploadFile connectionId={c.id} connectionName={c.name} />}
                        </>
                      ) : (
                        `${c.user}@${c.host}:${c.port}/${c.database}`
                      )}
                    </td>
                    <td>{c.datasets}</td>
                    <td className="muted">{utc(c.createdAt)}</td>
                    <td>
                      <ConnectionActions id={c.id} name={c.name} disabled={c.disabled} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {nextCursor && (
            <p style={{ padding: '0 18px 14px' }}>
              <Link href={`/connections?cursor=${encodeURIComponent(nextCursor)}`}>Next page</Link>
            </p>
          )}
        </section>
        <AddConnectionForm />
      </main>
    </>
  );
}
