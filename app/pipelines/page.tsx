import Link from 'next/link';
import type { ReactNode } from 'react';
import { PageLinks } from '@/app/_components/PageLinks';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { statusLabel } from '@/lib/promotion/states';
import { requirePageUser } from '@/lib/server/auth/page';
import { listPipelines } from '@/lib/server/promotion/pipelines';
import { keysetPagingForPage } from '@/lib/server/pagination/keyset';
import { listPromotions, PromotionPage, type PromotionSummary } from '@/lib/server/promotion/promotions';

type SearchParams = Record<string, string | string[] | undefined>;

/** Promotion requests, newest first: the reviewers' queue (open) and the record (decided). */
function Requests({ title, empty, requests, paging }: { title: string; empty: string; requests: PromotionSummary[]; paging: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <h2 style={{ padding: '14px 18px 0' }}>{title}</h2>
      {requests.length === 0 ? (
        <p className="muted" style={{ padding: 18, margin: 0 }}>
          {empty}
        </p>
      ) : (
        <table className="data-list">
          <thead>
            <tr>
              <th>Experiment</th>
              <th>Pipeline</th>
              <th>Author</th>
              <th>Status</th>
              <th>Submitted</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link href={`/promotions/${p.id}`}>{p.title}</Link>
                </td>
                <td className="mono">{p.pipelineName}</td>
                <td>{p.authorName}</td>
                <td>
                  <span className="badge">{statusLabel(p.status)}</span>
                </td>
                <td className="muted">{utc(p.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {paging}
    </section>
  );
}

/** Three lists on one page, each paged by its own parameter (`pipelines`, `open`, `decided`); a link
 * pages one list and starts the others again from their first page. */
export default async function PipelinesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { app, user } = await requirePageUser();
  const raw = await searchParams;
  const pagingOf = (list: string, param: string, filter: Record<string, unknown>) => {
    const query = PromotionPage.safeParse({ cursor: firstParam(raw[param]) });
    if (!query.success) return { error: `${param}: ${query.error.issues[0]?.message}` };
    return keysetPagingForPage(app, { list, filter }, query.data);
  };
  const pipelinePaging = pagingOf('pipelines', 'pipelines', {});
  const openPaging = pagingOf('promotions', 'open', { state: 'open' });
  const decidedPaging = pagingOf('promotions', 'decided', { state: 'decided' });
  const empty = { items: [], nextCursor: null };
  const [pipelinePage, open, decided] = await Promise.all([
    'error' in pipelinePaging ? empty : listPipelines(app.db, pipelinePaging.request).then(pipelinePaging.page),
    'error' in openPaging ? empty : listPromotions(app.db, { state: 'open' }, openPaging.request).then(openPaging.page),
    'error' in decidedPaging ? empty : listPromotions(app.db, { state: 'decided' }, decidedPaging.request).then(decidedPaging.page),
  ]);
  const pipelines = pipelinePage.items;
  const refusals = [pipelinePaging, openPaging, decidedPaging].flatMap((p) => ('error' in p ? [p.error] : []));
  const links = (label: string, param: string, nextCursor: string | null) => (
    <PageLinks label={label} path="/pipelines" filters={{}} cursorParam={param} nextCursor={nextCursor} onLaterPage={Boolean(firstParam(raw[param]))} />
  );
  return (
    <>
      <TopBar user={user} current="pipelines" />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div>
          <h1>Pipelines</h1>
          <p className="muted" style={{ margin: 0 }}>
            Production: versioned sets of models promoted from experiments after review. Submit an experiment from its page.
          </p>
        </div>
        {refusals.map((message) => (
          <p key={message} role="alert" className="form-error">
            {message}
          </p>
        ))}
        <section className="card" aria-label="Pipelines">
          {pipelines.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>No pipelines yet.</p>
          ) : (
            <table className="data-list">
              <thead>
                <tr>
                  <th>Pipeline</th>
                  <th>Owner</th>
                  <th>Production</th>
                  <th>Changed</th>
                </tr>
              </thead>
              <tbody>
                {pipelines.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link href={`/pipelines/${p.id}`} className="mono">
                        {p.name}
                      </Link>
                    </td>
                    <td>{p.ownerName}</td>
                    <td>{p.currentVersion === null ? <span className="muted">no version yet</span> : `version ${p.currentVersion}`}</td>
                    <td className="muted">{utc(p.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {links('Pipeline pages', 'pipelines', pipelinePage.nextCursor)}
        </section>
        <Requests title="Open requests" empty="No request is waiting." requests={open.items} paging={links('Open request pages', 'open', open.nextCursor)} />
        <Requests title="Decided requests" empty="None yet." requests={decided.items} paging={links('Decided request pages', 'decided', decided.nextCursor)} />
      </main>
    </>
  );
}
