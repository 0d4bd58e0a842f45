import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageLinks } from '@/app/_components/PageLinks';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { WEBHOOK_MANAGERS } from '@/lib/alerts/rules';
import { AppError } from '@/lib/errors';
import { listDeliveries } from '@/lib/server/alerts/deliveries';
import { getWebhookOrThrow } from '@/lib/server/alerts/webhooks';
import { requirePageUser } from '@/lib/server/auth/page';
import { keysetPagingOrFirst } from '@/lib/server/pagination/keyset';
import { WebhookActions } from '../WebhookActions';

/** One endpoint's delivery log: every attempt, newest first, with what came back and how long it took. */
export default async function WebhookDeliveriesPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser(WEBHOOK_MANAGERS);
  const { id } = await params;
  const query = await searchParams;
  const webhook = await getWebhookOrThrow(app.db, id).catch((error) => {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  });
  const paging = keysetPagingOrFirst(app, { list: 'webhook_deliveries', filter: { id } }, firstParam(query.cursor), 25);
  const { items, nextCursor } = paging.page(await listDeliveries(app.db, id, paging.request));
  return (
    <>
      <TopBar user={user} current="alerts" />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div className="page-head">
          <div>
            <h1>Deliveries to {webhook.description || webhook.url}</h1>
            <p className="muted mono" style={{ margin: 0 }}>
              {webhook.url} {!webhook.enabled && <span className="badge">disabled</span>}
            </p>
            <p style={{ margin: '4px 0 0' }}>
              <Link href="/alerts/webhooks">All webhooks</Link>
            </p>
          </div>
          <WebhookActions id={webhook.id} label={webhook.description || webhook.url} enabled={webhook.enabled} />
        </div>
        <section className="card" aria-label="Delivery log">
          {items.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              Nothing delivered yet.
            </p>
          ) : (
            <table className="data-list">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Event</th>
                  <th>Attempt</th>
                  <th>Outcome</th>
                  <th>Took</th>
                  <th>Delivery</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id} aria-label={`${d.eventType} attempt ${d.attempt}`}>
                    <td className="muted">{utc(d.createdAt)}</td>
                    <td>{d.eventType}</td>
                    <td>{d.attempt}</td>
                    <td>
                      <span className={`badge ${d.ok ? 'ok' : 'bad'}`}>{d.statusCode ?? 'no answer'}</span> {d.error}
                    </td>
                    <td>{d.durationMs} ms</td>
                    <td className="mono">{d.deliveryId.slice(0, 8)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <PageLinks label="Delivery pages" path={`/alerts/webhooks/${id}`} filters={{}} nextCursor={nextCursor} onLaterPage={Boolean(firstParam(query.cursor))} />
      </main>
    </>
  );
}
