import { TopBar } from '@/app/_components/TopBar';
import { requirePageUser } from '@/lib/server/auth/page';
import { listDatasets } from '@/lib/server/catalog/datasets';

export default async function CatalogPage() {
  const { app, user } = await requirePageUser();
  const datasets = await listDatasets(app.db);
  return (
    <>
      <TopBar user={user} current="catalog" />
      <main className="page">
        <div className="page-head">
          <div>
            <h1>Catalog</h1>
            <p className="muted">Sources and models with their column contracts.</p>
          </div>
        </div>
        <div style={{ display: 'grid', gap: 16 }}>
          {datasets.map((d) => (
            <section key={d.id} className="card" style={{ padding: 18 }} aria-label={d.name}>
              <h2 className="mono">{d.name}</h2>
              <p className="muted" style={{ margin: '4px 0 12px' }}>
                {d.contract.description} Owner {d.ownerName} · contract v{d.version}
                {d.contract.freshnessSlaHours ? ` · fresh within ${d.contract.freshnessSlaHours} h` : ''}
                {d.contract.retentionDays ? ` · kept ${d.contract.retentionDays} days` : ''}
              </p>
              <table className="contract">
                <thead>
                  <tr>
                    <th>Column</th>
                    <th>Type</th>
                    <th>Nullable</th>
                    <th>Sensitivity</th>
                    <th>Masking</th>
                    <th>Description</th>
                  </tr>
                </thead>
                <tbody>
                  {d.contract.columns.map((c) => (
                    <tr key={c.name}>
                      <td className="mono">{c.name}</td>
                      <td className="mono">{c.type}</td>
                      <td>{c.nullable ? 'yes' : 'no'}</td>
                      <td>
                        <span className={`badge ${c.sensitivity}`}>{c.sensitivity}</span>
                      </td>
                      <td>{c.masking}</td>
                      <td>{c.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      </main>
    </>
  );
}
