import Form from 'next/form';
import Link from 'next/link';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { AUDIT_READERS } from '@/lib/audit/roles';
import { AuditSearch } from '@/lib/audit/search';
import { auditFilterChoices, listAuditEvents, type AuditEventRow } from '@/lib/server/audit/events';
import { verifyAuditChain, type AuditVerification } from '@/lib/server/audit/verify';
import { requirePageUser } from '@/lib/server/auth/page';

const short = (hash: string) => hash.slice(0, 12);

/** The log newest first, filtered by GET parameters (a filtered view can be shared), under the result
 * of verifying the whole chain. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser(AUDIT_READERS);
  const raw = await searchParams;
  const search = AuditSearch.safeParse({
    action: firstParam(raw.action),
    actorId: firstParam(raw.actor),
    objectType: firstParam(raw.objectType),
    objectId: firstParam(raw.objectId),
    before: firstParam(raw.before),
  });
  const filter = search.success ? search.data : {};
  const [verification, choices, page] = await Promise.all([
    verifyAuditChain(app.db),
    auditFilterChoices(app.db),
    search.success ? listAuditEvents(app.db, search.data) : Promise.resolve({ events: [], nextBefore: null }),
  ]);
  const filtered = Boolean(filter.action || filter.actorId || filter.objectType || filter.objectId);
  const pageLink = (before?: number) => {
    const query = new URLSearchParams();
    if (filter.action) query.set('action', filter.action);
    if (filter.actorId) query.set('actor', filter.actorId);
    if (filter.objectType) query.set('objectType', filter.objectType);
    if (filter.objectId) query.set('objectId', filter.objectId);
    if (before) query.set('before', String(before));
    const text = query.toString();
    return text ? `/audit?${text}` : '/audit';
  };
  return (
    <>
      <TopBar user={user} current="audit" />
      <main className="page wide">
        <div className="page-head">
          <div>
            <h1>Audit log</h1>
            <p className="muted">Every state change, append-only and hash-chained: each entry carries the hash of the one before it.</p>
          </div>
        </div>
        <ChainVerification verification={verification} />
        <Form action="/audit" role="search" aria-label="Filter audit log" style={{ display: 'flex', gap: 8, alignItems: 'center', margin: '16px 0', flexWrap: 'wrap' }}>
          <select name="action" defaultValue={filter.action ?? ''} aria-label="Action">
            <option value="">Any action</option>
            {choices.actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
          <select name="actor" defaultValue={filter.actorId ?? ''} aria-label="Actor">
            <option value="">Anyone</option>
            {choices.actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.name}
              </option>
            ))}
          </select>
          <select name="objectType" defaultValue={filter.objectType ?? ''} aria-label="Object type">
            <option value="">Any object type</option>
            {choices.objectTypes.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
          <input type="search" name="objectId" defaultValue={filter.objectId} maxLength={200} placeholder="Object id" aria-label="Object id" />
          <button type="submit">Filter</button>
          <Link href="/audit">Clear</Link>
        </Form>
        {!search.success && (
          <p role="alert" className="form-error">
            {search.error.issues[0]?.path.join('.')}: {search.error.issues[0]?.message}
          </p>
        )}
        <section className="card" aria-label="Audit events" style={{ overflowX: 'auto' }}>
          {page.events.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              No audit entries {filtered || filter.before ? 'match these filters' : 'yet'}.
            </p>
          ) : (
            <AuditTable events={page.events} />
          )}
        </section>
        <nav aria-label="Pages" style={{ display: 'flex', gap: 16, marginTop: 12 }}>
          {filter.before && <Link href={pageLink()}>Newest entries</Link>}
          {page.nextBefore && <Link href={pageLink(page.nextBefore)}>Older entries</Link>}
        </nav>
      </main>
    </>
  );
}

function ChainVerification({ verification }: { verification: AuditVerification }) {
  return (
    <section className="card section" aria-label="Chain verification">
      <h2>Chain verification</h2>
      {verification.ok ? (
        <p style={{ margin: 0 }}>
          <span role="status" aria-label="Chain status" className="badge ok">
            verified
          </span>{' '}
          <span aria-label="Verified entries">{verification.count.toLocaleString('en-US')} entries</span> recomputed, head{' '}
          <code title={verification.head}>{short(verification.head)}</code>
          {verification.unchained > 0 && <span className="muted"> ({verification.unchained.toLocaleString('en-US')} written before the chain began)</span>}
        </p>
      ) : (
        <p style={{ margin: 0 }}>
          <span role="status" aria-label="Chain status" className="badge bad">
            broken
          </span>{' '}
          entry #{verification.brokenAt.seq} ({verification.brokenAt.action} on {verification.brokenAt.objectType} {verification.brokenAt.objectId}): {verification.reason}.{' '}
          <span className="muted">{verification.count.toLocaleString('en-US')} entries before it verified.</span>
        </p>
      )}
      <p className="muted" style={{ margin: 0 }}>
        {verification.ok ? (
          <>
            <a href="/api/audit/checkpoint" download>
              Download checkpoint
            </a>{' '}
            — a signed statement of this head; keep it outside Assay to prove later that the history was not rewritten (see docs/audit.md).
          </>
        ) : (
          'No checkpoint can be signed while the chain is broken.'
        )}
      </p>
    </section>
  );
}

function AuditTable({ events }: { events: AuditEventRow[] }) {
  return (
    <table className="data-list">
      <thead>
        <tr>
          <th>Seq</th>
          <th>Time (UTC)</th>
          <th>Actor</th>
          <th>Action</th>
          <th>Object</th>
          <th>Details</th>
          <th>Hash</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.seq}>
            <td className="mono">{e.seq}</td>
            <td className="muted" style={{ whiteSpace: 'nowrap' }}>
              {utc(e.occurredAt, { seconds: true })}
            </td>
            <td>{e.actorName ?? e.actorId ?? <span className="muted">system</span>}</td>
            <td className="mono">{e.action}</td>
            <td>
              {e.objectType} <span className="mono">{e.objectId}</span>
            </td>
            <td className="mono" style={{ fontSize: 12, maxWidth: 360, wordBreak: 'break-all' }}>
              {Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : ''}
            </td>
            <td className="mono muted" title={e.hash ?? 'written before the chain began'}>
              {e.hash ? short(e.hash) : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
