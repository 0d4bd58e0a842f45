import Form from 'next/form';
import Link from 'next/link';
import { listHref, PageLinks } from '@/app/_components/PageLinks';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { requirePageUser } from '@/lib/server/auth/page';
import { ExperimentPage, ExperimentSearch, listExperiments, REPLAY_STATUSES, type ExperimentSummary } from '@/lib/server/experiments/experiments';
import { listNotebooks } from '@/lib/server/notebooks/notebooks';
import { keysetPagingForPage } from '@/lib/server/pagination/keyset';
import { StaticReplayBadge } from './ReplayBadge';

const NOTEBOOK_CHOICES = 100;

/** Every filter is a GET parameter: the list works without JavaScript and a filtered view can be shared. */
export default async function ExperimentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser();
  const raw = await searchParams;
  const mine = firstParam(raw.scope) === 'mine';
  const search = ExperimentSearch.safeParse({
    q: firstParam(raw.q),
    notebookId: firstParam(raw.notebook),
    replay: firstParam(raw.replay),
    includeArchived: firstParam(raw.archived) === 'true' ? 'true' : undefined,
    authorId: mine ? user.id : undefined,
  });
  const pageQuery = ExperimentPage.safeParse({ cursor: firstParam(raw.cursor), limit: firstParam(raw.limit) });
  const paging = search.success && pageQuery.success ? keysetPagingForPage(app, { list: 'experiments', filter: search.data }, pageQuery.data) : null;
  const page = paging && !('error' in paging) ? paging.page(await listExperiments(app.db, search.data!, paging.request)) : { items: [], nextCursor: null };
  const experiments: ExperimentSummary[] = page.items;
  const refusal = !search.success
    ? `${search.error.issues[0]?.path.join('.')}: ${search.error.issues[0]?.message}`
    : !pageQuery.success
      ? `${pageQuery.error.issues[0]?.path.join('.')}: ${pageQuery.error.issues[0]?.message}`
      : paging && 'error' in paging
        ? paging.error
        : null;
  const filter = search.success ? search.data : null;
  // The filter offers the most recently changed notebooks (and the chosen one), not all of them.
  const notebooks = (await listNotebooks(app.db, {}, { after: null, limit: NOTEBOOK_CHOICES })).items.map((n) => ({ id: n.id, title: n.title }));
  const chosen = experiments.find((e) => e.notebookId === filter?.notebookId);
  if (filter?.notebookId && chosen && !notebooks.some((n) => n.id === filter.notebookId)) notebooks.unshift({ id: chosen.notebookId, title: chosen.notebookTitle });
  const filters = {
    q: filter?.q,
    scope: mine ? 'mine' : undefined,
    notebook: filter?.notebookId,
    replay: filter?.replay,
    archived: filter?.includeArchived ? 'true' : undefined,
    limit: firstParam(raw.limit),
  };
  return (
    <>
      <TopBar user={user} current="experiments" />
      <main className="page">
        <div className="page-head">
          <div>
            <h1>Experiments</h1>
            <p className="muted">Recorded runs: immutable, content-addressed, replayed on the server.</p>
          </div>
        </div>
        <Form action="/experiments" role="search" aria-label="Filter experiments" style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 16, flexWrap: 'wrap' }}>
          <input type="search" name="q" defaultValue={filter?.q} maxLength={200} placeholder="Title or tag" aria-label="Search experiments" />
          <select name="scope" defaultValue={mine ? 'mine' : 'all'} aria-label="Author">
            <option value="all">Everyone&apos;s</option>
            <option value="mine">Mine</option>
          </select>
          <select name="notebook" defaultValue={filter?.notebookId ?? ''} aria-label="Notebook">
            <option value="">Any notebook</option>
            {notebooks.map((n) => (
              <option key={n.id} value={n.id}>
                {n.title}
              </option>
            ))}
          </select>
          <select name="replay" defaultValue={filter?.replay ?? ''} aria-label="Replay status">
            <option value="">Any replay status</option>
            {REPLAY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <label style={{ fontSize: 13, display: 'inline-flex', gap: 4, alignItems: 'center' }}>
            <input type="checkbox" name="archived" value="true" defaultChecked={filter?.includeArchived} /> include archived
          </label>
          <button type="submit">Filter</button>
          <Link href="/experiments">Clear</Link>
        </Form>
        {refusal && (
          <p role="alert" className="form-error">
            {refusal} <Link href={listHref('/experiments', { ...filters, limit: undefined })}>First page</Link>
          </p>
        )}
        <section className="card" aria-label="Experiments">
          {experiments.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              No experiments {search.success && (filter?.q || filter?.replay || filter?.notebookId || mine) ? 'match these filters' : 'yet: record one from a notebook'}.
            </p>
          ) : (
            <table className="data-list">
              <thead>
                <tr>
                  <th>Title</th>
                  <th>Notebook</th>
                  <th>Author</th>
                  <th>Recorded</th>
                  <th>Replay</th>
                </tr>
              </thead>
              <tbody>
                {experiments.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link href={`/experiments/${e.id}`}>{e.title}</Link>{' '}
                      {e.tags.map((t) => (
                        <span key={t} className="badge" style={{ marginLeft: 4 }}>
                          {t}
                        </span>
                      ))}
                      {!e.reproducible && <span className="badge bad" style={{ marginLeft: 4 }}>not reproducible</span>}
                      {e.archivedAt && <span className="badge" style={{ marginLeft: 4 }}>archived</span>}
                    </td>
                    <td>
                      <Link href={`/notebooks/${e.notebookId}`}>{e.notebookTitle}</Link> <span className="muted">r{e.notebookRevision}</span>
                    </td>
                    <td>{e.authorName}</td>
                    <td className="muted">{utc(e.createdAt)}</td>
                    <td>
                      <StaticReplayBadge status={e.replayStatus} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <PageLinks label="Experiment pages" path="/experiments" filters={filters} nextCursor={page.nextCursor} onLaterPage={Boolean(firstParam(raw.cursor))} />
      </main>
    </>
  );
}
