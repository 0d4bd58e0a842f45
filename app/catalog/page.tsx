import Link from 'next/link';
import { TopBar } from '@/app/_components/TopBar';
import { managesSources } from '@/lib/sources/roles';
import { requirePageUser } from '@/lib/server/auth/page';
import { listDatasets } from '@/lib/server/catalog/datasets';
import { freshness, sourceSummaries } from '@/lib/server/sources/summary';
import { ContractColumns } from './ContractColumns';

export default async function CatalogPage() {
  const { app, user } = await requirePageUser();
  const datasets = await listDatasets(app.db);
  const sources = await sourceSummaries(app.db, datasets.map((d) => d.id));
  const manager = managesSources(user.roles);
  return (
    <>
      <TopBar user={user} current="catalog" />
      <main className="page">
        <div className="page-head">
          <div>
            <h1>Catalog</h1>
            <p className="muted">Sources and models with their column contracts, and for datasets loaded from a source their latest snapshot.</p>
          </div>
          {manager && (
            <div style={{ display: 'flex', gap: 12 }}>
              <Link href="/connections">Connections</Link>
              <Link href="/catalog/bind">Bind a source table</Link>
            </div>
          )}
        </div>
        <div style={{ display: 'grid', gap: 16 }}>
          {datasets.map((d) => {
            const source = sources.get(d.id);
            const fresh = source?.current ? freshness(source.current.finishedAt, d.contract.freshnessSlaHours) : null;
            return (
              <section key={d.id} className="card" style={{ padding: 18 }} aria-label={d.name}>
                <h2 className="mono">
                  <Link href={`/catalog/${d.id}`}>{d.name}</Link>
                </h2>
                <p className="muted" style={{ margin: '4px 0 12px' }}>
                  {d.contract.description} Owner {d.ownerName} · contract v{d.version}
                  {d.contract.freshnessSlaHours ? ` · fresh within ${d.contract.freshnessSlaHours} h` : ''}
                  {d.contract.retentionDays ? ` · kept ${d.contract.retentionDays} days` : ''}
                </p>
                {source && (
                  <dl aria-label={`Source of ${d.name}`} style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '2px 12px', margin: '0 0 12px' }}>
                    <dt>Source</dt>
                    <dd className="mono" style={{ margin: 0 }}>
                      {source.connectionName} · {source.sourceTable}
                    </dd>
                    <dt>Latest snapshot</dt>
                    <dd style={{ margin: 0 }}>
                      {source.current ? (
                        <>
                          #{source.current.id} · {source.current.rowCount.toLocaleString('en-US')} rows · <span className="mono">{source.current.fingerprint.slice(0, 16)}…</span>
                        </>
                      ) : (
                        'not loaded yet'
                      )}
                    </dd>
                    {fresh && (
                      <>
                        <dt>Freshness</dt>
                        <dd style={{ margin: 0 }}>
                          <span className={`badge ${fresh.stale ? 'pii' : 'public'}`}>{fresh.label}</span>
                        </dd>
                      </>
                    )}
                  </dl>
                )}
                <ContractColumns columns={d.contract.columns} />
              </section>
            );
          })}
        </div>
      </main>
    </>
  );
}
