import Link from 'next/link';
import { firstParam } from '@/app/_components/search-params';
import { orNotFound } from '@/app/_components/or-not-found';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { columnsToAdd } from '@/lib/contracts/edit';
import { describeChange } from '@/lib/sources/drift';
import { managesSources } from '@/lib/sources/roles';
import { requirePageUser } from '@/lib/server/auth/page';
import { keysetPagingOrFirst } from '@/lib/server/pagination/keyset';
import { getDatasetOrThrow, listContractVersions } from '@/lib/server/catalog/datasets';
import { bindingOf } from '@/lib/server/sources/bindings';
import { currentSnapshot, latestLoadJob, listDriftEvents, listSnapshots } from '@/lib/server/sources/loads';
import { snapshotExpiryPlan } from '@/lib/server/sources/retention';
import { emissionStatuses } from '@/lib/server/openlineage/outbox';
import { LineageEmission } from '@/app/_components/LineageEmission';
import { describeEmission } from '@/lib/openlineage/status';
import { currentPiiExceptions } from '@/lib/server/samples/exceptions';
import { ApplyDrift } from './ApplyDrift';
import { SnapshotRetention } from './SnapshotRetention';
import { ContractEditor } from './ContractEditor';
import { PiiExceptions } from './PiiExceptions';
import { LoadButtons } from './LoadButtons';
import { ScheduleForm } from './ScheduleForm';

export default async function DatasetPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser();
  const { id } = await params;
  const query = await searchParams;
  const dataset = await orNotFound(getDatasetOrThrow(app.db, id));
  const snapshotPaging = keysetPagingOrFirst(app, { list: 'snapshots', filter: { datasetId: id } }, firstParam(query.cursor), 20);
  const driftPaging = keysetPagingOrFirst(app, { list: 'drift', filter: { datasetId: id } }, firstParam(query.driftCursor), 20);
  const versionPaging = keysetPagingOrFirst(app, { list: 'contract_versions', filter: { datasetId: id } }, firstParam(query.versionCursor), 10);
  const [binding, current, job, snapshotPage, driftPage, versionPage, exceptions] = await Promise.all([
    bindingOf(app.db, id),
    currentSnapshot(app.db, id),
    latestLoadJob(app.db, id),
    listSnapshots(app.db, id, snapshotPaging.request).then(snapshotPaging.page),
    listDriftEvents(app.db, id, driftPaging.request).then(driftPaging.page),
    listContractVersions(app.db, id, versionPaging.request).then(versionPaging.page),
    currentPiiExceptions(app.db, [id]).then((byDataset) => byDataset.get(id) ?? []),
  ]);
  const retention = binding ? await snapshotExpiryPlan(app.db, id) : null;
  // The last load's events (a failed load has no snapshot row), and each listed snapshot's.
  const emission = await emissionStatuses(app.db, [...new Set([...(job ? [job.id] : []), ...snapshotPage.items.map((s) => s.jobId)])].map((j) => `load:${j}` as const));
  const showEmission = emission.size > 0;
  const manager = managesSources(user.roles);
  const pending = job?.status === 'queued' || job?.status === 'running';
  return (
    <>
      <TopBar user={user} current="catalog" />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div>
          <p style={{ margin: 0 }}>
            <Link href="/catalog">Catalog</Link>
          </p>
          <h1 className="mono">{dataset.name}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {dataset.contract.description} Owner {dataset.ownerName} · contract v{dataset.version}
          </p>
        </div>
        {binding ? (
          <section className="card" style={{ padding: 18, display: 'grid', gap: 8 }} aria-label="Source">
            <h2>Source</h2>
            <p style={{ margin: 0 }}>
              <span className="mono">
                {binding.connectionName} · {binding.sourceTable}
              </span>{' '}
              · primary key <span className="mono">{binding.primaryKey.join(', ')}</span>
              {binding.cursorColumn ? (
                <>
                  {' '}
                  · cursor <span className="mono">{binding.cursorColumn}</span> (lookback {binding.lookback})
                </>
              ) : (
                ' · full loads only'
              )}{' '}
              · drift policy <strong>{binding.driftPolicy}</strong>
            </p>
            <p style={{ margin: 0 }} aria-label="Current snapshot">
              Current snapshot:{' '}
              {current ? (
                <>
                  #{current.id} · {current.rowCount.toLocaleString('en-US')} rows · <span className="mono">{current.fingerprint}</span> · {utc(current.finishedAt)}
                </>
              ) : (
                'none yet'
              )}
            </p>
            {job && (
              <p style={{ margin: 0 }} role="status" aria-label="Last load">
                Last load job #{job.id}: <strong>{job.status}</strong>
                {job.lastError ? ` — ${job.lastError}` : ''}
              </p>
            )}
            {job && <LineageEmission statuses={emission.get(`load:${job.id}`) ?? []} />}
            <p style={{ margin: 0 }}>
              {binding.schedule ? (
                <>
                  Scheduled <span className="mono">{binding.schedule}</span> (UTC){binding.nextLoadAt ? `, next load ${utc(binding.nextLoadAt)}` : ''}
                </>
              ) : (
                'Loads by hand or through the API only.'
              )}
            </p>
            {manager && <LoadButtons datasetId={id} incremental={binding.cursorColumn !== null} pending={pending} />}
            {manager && <ScheduleForm datasetId={id} current={binding.schedule} />}
          </section>
        ) : (
          <p className="muted">This dataset is not bound to a source; it exists as a contract only (the sandbox generates its data).</p>
        )}
        <ContractEditor datasetId={id} version={dataset.version} contract={dataset.contract} canEdit={manager} />
        <PiiExceptions
          datasetId={id}
          piiColumns={dataset.contract.columns.filter((c) => c.sensitivity === 'pii').map((c) => c.name)}
          exceptions={exceptions.map((e) => ({ ...e, grantedAt: e.grantedAt.toISOString() }))}
          canEdit={manager}
        />
        <section className="card" aria-label="Contract history">
          <h2 style={{ padding: '14px 18px 0' }}>Contract history</h2>
          <ul style={{ margin: 0, padding: '8px 18px 14px 36px', display: 'grid', gap: 6 }}>
            {versionPage.items.map((v) => (
              <li key={v.version} aria-label={`Contract version ${v.version}`}>
                <strong>v{v.version}</strong> by {v.createdByName}, {utc(v.createdAt)}: {v.changes.length > 0 ? v.changes.join('; ') : 'no change in what the app edits'}
              </li>
            ))}
          </ul>
          {versionPage.nextCursor && (
            <p style={{ padding: '0 18px 14px' }}>
              <Link href={`/catalog/${id}?versionCursor=${encodeURIComponent(versionPage.nextCursor)}`}>Older versions</Link>
            </p>
          )}
        </section>
        {binding && retention && <SnapshotRetention datasetId={id} plan={retention} canManage={manager} />}
        <section className="card" aria-label="Snapshots">
          <h2 style={{ padding: '14px 18px 0' }}>Snapshots</h2>
          {snapshotPage.items.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              No snapshots yet.
            </p>
          ) : (
            <table className="data-list">
              <thead>
                <tr>
                  <th>Snapshot</th>
                  <th>Status</th>
                  <th>Mode</th>
                  <th>Rows</th>
                  <th>Read</th>
                  <th>Fingerprint</th>
                  <th>Watermark</th>
                  <th>Contract</th>
                  <th>Finished</th>
                  <th>Trigger</th>
                  {showEmission && <th>OpenLineage</th>}
                </tr>
              </thead>
              <tbody>
                {snapshotPage.items.map((s) => (
                  <tr key={s.id} aria-label={`Snapshot ${s.id}`}>
                    <td>#{s.id}</td>
                    <td>
                      <span className={`badge ${s.status === 'quarantined' ? 'pii' : 'public'}`}>{s.status}</span>
                      {s.expiredAt && (
                        <>
                          {' '}
                          <span className="badge" title={`expired by ${s.expiredByName} on ${utc(s.expiredAt)}`}>
                            expired
                          </span>
                        </>
                      )}
                    </td>
                    <td>
                      {s.mode}
                      {s.deltaOf !== null && (
                        <span className="muted" title={`stored as its changed rows merged over snapshot #${s.deltaOf}, not as a copy of every row`}>
                          {' '}
                          · over #{s.deltaOf}
                        </span>
                      )}
                    </td>
                    <td>{s.rowCount.toLocaleString('en-US')}</td>
                    <td>{s.rowsRead.toLocaleString('en-US')}</td>
                    <td className="mono" title={s.fingerprint}>
                      {s.fingerprint.slice(0, 20)}…
                    </td>
                    <td className="mono">{s.watermarkTo ?? '—'}</td>
                    <td>v{s.contractVersion}</td>
                    <td className="muted">{utc(s.finishedAt, { seconds: true })}</td>
                    <td>{s.trigger}</td>
                    {showEmission && <td className="muted">{describeEmission(emission.get(`load:${s.jobId}`) ?? []).join(' · ') || '—'}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {snapshotPage.nextCursor && (
            <p style={{ padding: '0 18px 14px' }}>
              <Link href={`/catalog/${id}?cursor=${encodeURIComponent(snapshotPage.nextCursor)}`}>Older snapshots</Link>
            </p>
          )}
        </section>
        <section className="card" aria-label="Drift events">
          <h2 style={{ padding: '14px 18px 0' }}>Drift events</h2>
          {driftPage.items.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              No drift: every load matched the contract.
            </p>
          ) : (
            <ul style={{ margin: 0, padding: '8px 18px 14px 36px', display: 'grid', gap: 6 }}>
              {driftPage.items.map((e) => {
                const additions = e.policy === 'additive' && e.outcome === 'accepted' ? columnsToAdd(e.changes, dataset.contract) : [];
                return (
                  <li key={e.id} aria-label={`Drift event ${e.id}`}>
                    <strong>{e.outcome === 'blocked' ? 'Blocked' : 'Accepted'}</strong> (policy {e.policy}, snapshot #{e.snapshotId}, {utc(e.createdAt)}):{' '}
                    {e.changes.map(describeChange).join('; ')}
                    {manager && additions.length > 0 && <ApplyDrift datasetId={id} eventId={e.id} version={dataset.version} columns={dataset.contract.columns} additions={additions} />}
                  </li>
                );
              })}
            </ul>
          )}
          {driftPage.nextCursor && (
            <p style={{ padding: '0 18px 14px' }}>
              <Link href={`/catalog/${id}?driftCursor=${encodeURIComponent(driftPage.nextCursor)}`}>Older drift events</Link>
            </p>
          )}
        </section>
      </main>
    </>
  );
}
