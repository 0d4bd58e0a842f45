import Link from 'next/link';
import { PageLinks } from '@/app/_components/PageLinks';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { RULE_LABELS, WEBHOOK_MANAGERS } from '@/lib/alerts/rules';
import { listWebhooks } from '@/lib/server/alerts/webhooks';
import { requirePageUser } from '@/lib/server/auth/page';
import { keysetPagingOrFirst } from '@/lib/server/pagination/keyset';
import { AddWebhookForm } from './AddWebhookForm';
import { WebhookActions } from './WebhookActions';

/** Admins' webhook endpoints: add one (its secret is shown once), disable, delete, send a test, and
 * each one's delivery log. */
export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser(WEBHOOK_MANAGERS);
  const query = await searchParams;
  const paging = keysetPagingOrFirst(app, { list: 'webhooks', filter: {} }, firstParam(query.cursor), 25);
  const { items, nextCursor } = paging.page(await listWebhooks(app.db, paging.request));
  return (
    <>
      <TopBar user={user} current="alerts" />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div>
          <h1>Alert webhooks</h1>
          <p className="muted" style={{ margin: 0 }}>
            Every alert that opens or resolves is POSTed as signed JSON to the endpoints that want its rule (header <code>Assay-Signature</code>, HMAC-SHA-256; see
            docs/observability.md). A failed delivery is retried 4 times with back-off. <Link href="/alerts">Back to alerts</Link>
          </p>
        </div>
        <section className="card" aria-label="Webhook endpoints">
          {items.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              No webhooks yet.
            </p>
          ) : (
            <table className="data-list">
              <thead>
                <tr>
                  <th>URL</th>
                  <th>Rules</th>
                  <th>Added</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {items.map((w) => (
                  <tr key={w.id} aria-label={w.description || w.url}>
                    <td>
                      <span className="mono">{w.url}</span> {!w.enabled && <span className="badge">disabled</span>}
                      {w.description && <p className="muted" style={{ margin: '4px 0 0' }}>{w.description}</p>}
                      <p style={{ margin: '4px 0 0' }}>
                        <Link href={`/alerts/webhooks/${w.id}`}>Delivery log</Link>
                      </p>
                    </td>
                    <td>{w.rules === null ? 'all rules' : w.rules.map((r) => RULE_LABELS[r]).join(', ')}</td>
                    <td className="muted">{utc(w.createdAt)}</td>
                    <td>
                      <WebhookActions id={w.id} label={w.description || w.url} enabled={w.enabled} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <PageLinks label="Webhook pages" path="/alerts/webhooks" filters={{}} nextCursor={nextCursor} onLaterPage={Boolean(firstParam(query.cursor))} />
        <AddWebhookForm />
      </main>
    </>
  );
}
