import Link from 'next/link';
import { PageLinks } from '@/app/_components/PageLinks';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { NotificationFilter, NotificationPage } from '@/lib/notifications/schema';
import { requirePageUser } from '@/lib/server/auth/page';
import { listNotifications } from '@/lib/server/notifications/notifications';
import { keysetPagingForPage } from '@/lib/server/pagination/keyset';
import { MarkReadButton } from './MarkReadButton';

/** The signed-in user's notifications, newest first, a page at a time (the cursor is in the URL); a
 * bad link shows its refusal and the first page. */
export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser();
  const raw = await searchParams;
  const filter = NotificationFilter.safeParse({ unread: firstParam(raw.unread) });
  const unreadOnly = filter.success && filter.data.unread;
  const pageQuery = NotificationPage.safeParse({ cursor: firstParam(raw.cursor) });
  const scope = { list: 'notifications', filter: { unread: unreadOnly } };
  let paging = keysetPagingForPage(app, scope, pageQuery.success ? pageQuery.data : { limit: 25 });
  const problem = !filter.success
    ? filter.error.issues[0]?.message
    : !pageQuery.success
      ? `cursor: ${pageQuery.error.issues[0]?.message}`
      : 'error' in paging
        ? paging.error
        : null;
  if ('error' in paging) paging = keysetPagingForPage(app, scope, { limit: 25 });
  const page = 'error' in paging ? { items: [], nextCursor: null } : paging.page(await listNotifications(app.db, user.id, { unreadOnly }, paging.request));
  const unreadIds = page.items.filter((n) => !n.readAt).map((n) => n.id);
  return (
    <>
      <TopBar user={user} current="notifications" />
      <main className="page">
        <div className="page-head">
          <div>
            <h1>Notifications</h1>
            <p className="muted">What changed on things you own or took part in. The audit log keeps the full record.</p>
          </div>
          {unreadIds.length > 0 && <MarkReadButton ids="all" label="Mark all read" />}
        </div>
        <nav aria-label="Filter notifications" style={{ display: 'flex', gap: 12, margin: '0 0 12px' }}>
          <Link href="/notifications" aria-current={unreadOnly ? undefined : 'page'}>
            All
          </Link>
          <Link href="/notifications?unread=1" aria-current={unreadOnly ? 'page' : undefined}>
            Unread
          </Link>
        </nav>
        {problem && <p role="status">That page link is not valid ({problem}); showing the first page.</p>}
        <section className="card" aria-label="Notification list">
          {page.items.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              {unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}
            </p>
          ) : (
            <ul className="notification-list">
              {page.items.map((n) => (
                <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                  <div>
                    <strong>{n.href ? <Link href={n.href}>{n.title}</Link> : n.title}</strong>
                    {!n.readAt && <span className="badge ok">new</span>}
                    {n.body && <p style={{ margin: '4px 0 0' }}>{n.body}</p>}
                    <p className="muted" style={{ margin: '4px 0 0', fontSize: 12 }}>
                      {utc(n.createdAt)}
                    </p>
                  </div>
                  {!n.readAt && <MarkReadButton ids={[n.id]} label="Mark read" />}
                </li>
              ))}
            </ul>
          )}
        </section>
        <PageLinks label="Notification pages" path="/notifications" filters={{ unread: unreadOnly ? '1' : undefined }} nextCursor={page.nextCursor} onLaterPage={Boolean(firstParam(raw.cursor))} />
      </main>
    </>
  );
}
