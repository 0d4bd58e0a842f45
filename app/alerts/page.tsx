import Link from 'next/link';
import { PageLinks } from '@/app/_components/PageLinks';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { RULE_LABELS, WEBHOOK_MANAGERS } from '@/lib/alerts/rules';
import { AlertFilter, AlertPage } from '@/lib/alerts/schema';
import { listAlerts } from '@/lib/server/alerts/alerts';
import { requirePageUser } from '@/lib/server/auth/page';
import { keysetPagingForPage } from '@/lib/server/pagination/keyset';

/** Alert episodes, newest first, a page at a time, open or resolved; each links to its object. */
export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser();
  const raw = await searchParams;
  const filter = AlertFilter.safeParse({ status: firstParam(raw.status) });
  const status = filter.success ? filter.data.status : undefined;
  const pageQuery = AlertPage.safeParse({ cursor: firstParam(raw.cursor) });
  const scope = { list: 'alerts', filter: { status: status ?? null } };
  let paging = keysetPagingForPage(app, scope, pageQuery.success ? pageQuery.data : { limit: 25 });
  const problem = !filter.success ? filter.error.issues[0]?.message : !pageQuery.success ? `cursor: ${pageQuery.error.issues[0]?.message}` : 'error' in paging ? paging.error : null;
  if ('error' in paging) paging = keysetPagingForPage(app, scope, { limit: 25 });
  const page = 'error' in paging ? { items: [], nextCursor: null } : paging.page(await listAlerts(app.db, { status }, paging.request));
  const tab = (label: string, value: 'open' | 'resolved' | undefined) => (
    <Link href={value ? `/alerts?status=${value}` : '/alerts'} aria-current={status === value ? 'page' : undefined}>
      {label}
    </Link>
  );
  return (
    <>
      <TopBar user={user} current="alerts" />
      <main className="page">
        <div className="page-head">
          <div>
            <h1>Alerts</h1>
            <p className="muted">
              Failed runs and checks, SLA breaches, schema drift, replay mismatches and audit chain breaks. Repeats are counted on the open alert until it resolves.
            </p>
          </div>
          {WEBHOOK_MANAGERS.some((role) => user.roles.includes(role)) && <Link href="/alerts/webhooks">Webhooks</Link>}
        </div>
        <nav aria-label="Filter alerts" style={{ display: 'flex', gap: 12, margin: '0 0 12px' }}>
          {tab('All', undefined)}
          {tab('Open', 'open')}
          {tab('Resolved', 'resolved')}
        </nav>
        {problem && <p role="status">That page link is not valid ({problem}); showing the first page.</p>}
        <section className="card" aria-label="Alert list">
          {page.items.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              {status === 'open' ? 'Nothing open.' : 'No alerts yet.'}
            </p>
          ) : (
            <table className="data-list">
              <thead>
                <tr>
                  <th>Alert</th>
                  <th>Rule</th>
                  <th>Status</th>
                  <th>Fired</th>
                  <th>Times</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((a) => (
                  <tr key={a.id} aria-label={a.title} className={a.status === 'open' ? 'breaching' : undefined}>
                    <td>
                      <strong>{a.href ? <Link href={a.href}>{a.title}</Link> : a.title}</strong>
                      {a.detail && <p style={{ margin: '4px 0 0' }}>{a.detail}</p>}
                      {a.resolution && <p className="muted" style={{ margin: '4px 0 0' }}>Resolved: {a.resolution}</p>}
                    </td>
                    <td>{RULE_LABELS[a.rule]}</td>
                    <td>
                      <span className={`badge ${a.status === 'open' ? 'bad' : 'ok'}`}>{a.status}</span>
                    </td>
                    <td className="muted">
                      {utc(a.firstFiredAt)}
                      {a.resolvedAt && <> – {utc(a.resolvedAt)}</>}
                    </td>
                    <td>{a.fireCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <PageLinks label="Alert pages" path="/alerts" filters={{ status }} nextCursor={page.nextCursor} onLaterPage={Boolean(firstParam(raw.cursor))} />
      </main>
    </>
  );
}
