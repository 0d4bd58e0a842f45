import Link from 'next/link';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { AppError } from '@/lib/errors';
import { NotificationQuery } from '@/lib/notifications/schema';
import { requirePageUser } from '@/lib/server/auth/page';
import { listNotifications } from '@/lib/server/notifications/notifications';
import { MarkReadButton } from './MarkReadButton';

/** The signed-in user's notifications, newest first, a page at a time (the cursor is in the URL). */
export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser();
  const raw = await searchParams;
  const query = NotificationQuery.safeParse({ cursor: firstParam(raw.cursor), unread: firstParam(raw.unread) });
  const unreadOnly = query.success && query.data.unread;
  let page: Awaited<ReturnType<typeof listNotifications>> = { items: [], nextCursor: null };
  let problem: string | null = query.success ? null : 'That page link is not valid; showing the first page.';
  try {
    page = await listNotifications(app.db, user.id, query.success ? { cursor: query.data.cursor, unreadOnly } : {});
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = 'That page link is not valid any more; showing the first page.';
    page = await listNotifications(app.db, user.id, { unreadOnly });
  }
  const unreadIds = page.items.filter((n) => !n.readAt).map((n) => n.id);
  const next = page.nextCursor ? `/notifications?${new URLSearchParams({ ...(unreadOnly ? { unread: '1' } : {}), cursor: page.nextCursor })}` : null;
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
        {problem && <p role="status">{problem}</p>}
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
        {next && (
          <p>
            <Link href={next}>Older notifications</Link>
          </p>
        )}
      </main>
    </>
  );
}
