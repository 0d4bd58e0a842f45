import Link from 'next/link';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { isDecider } from '@/lib/promotion/states';
import { requirePageUser } from '@/lib/server/auth/page';
import { keysetPagingOrFirst } from '@/lib/server/pagination/keyset';
import { InboxPage, listInbox } from '@/lib/server/promotion/inbox';

/** The reviewer's inbox: requests waiting for my decision, oldest first. */
export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser();
  const params = await searchParams;
  const parsed = InboxPage.safeParse({ cursor: firstParam(params.cursor), limit: firstParam(params.limit) });
  const query = parsed.success ? parsed.data : { limit: 25, cursor: undefined };
  // A cursor that is not this user's, expired or forged starts again from the first page.
  const paging = keysetPagingOrFirst(app, { list: 'inbox', filter: { user: user.id } }, query.cursor, query.limit);
  const { items, nextCursor } = paging.page(await listInbox(app.db, user, paging.request));
  return (
    <>
      <TopBar user={user} current="reviews" />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div>
          <h1>Reviews</h1>
          <p className="muted" style={{ margin: 0 }}>
            {isDecider(user)
              ? 'Promotion requests waiting for your decision, oldest first: in review, not yours, not approved by you yet, and still needing your role.'
              : 'Deciding promotion requests needs the reviewer or steward role.'}
          </p>
        </div>
        <section className="card" aria-label="Waiting for you">
          {items.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              Nothing waits for you. {query.cursor ? <Link href="/reviews">Back to the first page</Link> : <Link href="/pipelines">All requests are under Pipelines.</Link>}
            </p>
          ) : (
            <table className="data-list">
              <thead>
                <tr>
                  <th>Experiment</th>
                  <th>Pipeline</th>
                  <th>Author</th>
                  <th>In review since</th>
                  <th>Submitted</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/promotions/${r.id}`}>{r.title}</Link>
                    </td>
                    <td className="mono">{r.pipelineName}</td>
                    <td>{r.authorName}</td>
                    <td className="muted">{utc(r.waitingSince)}</td>
                    <td className="muted">{utc(r.submittedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {(nextCursor || query.cursor) && (
          <nav aria-label="Pages" className="toolbar" style={{ margin: 0 }}>
            {query.cursor && <Link href="/reviews">First page</Link>}
            {nextCursor && <Link href={`/reviews?cursor=${encodeURIComponent(nextCursor)}`}>Next page</Link>}
          </nav>
        )}
      </main>
    </>
  );
}
