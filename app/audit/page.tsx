import Form from 'next/form';
import Link from 'next/link';
import { listHref, PageLinks } from '@/app/_components/PageLinks';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { AUDIT_READERS } from '@/lib/audit/roles';
import { AuditPage as AuditPageQuery, AuditSearch } from '@/lib/audit/search';
import { summarizeAuditEvent } from '@/lib/audit/summary';
import { auditFilterChoices, listAuditEvents, peopleOf, type AuditEventRow, type AuditPerson } from '@/lib/server/audit/events';
import { checkAuditChain, type ChainCheck } from '@/lib/server/audit/incremental';
import { requirePageUser } from '@/lib/server/auth/page';
import { keysetPagingForPage } from '@/lib/server/pagination/keyset';
import { formatCount } from '@/lib/format/count';

const short = (hash: string) => hash.slice(0, 12);

/** The log newest first, filtered and paged by GET parameters (a filtered view can be shared), under
 * the chain's verification: a quick check from the stored checkpoint, or with `?verify=full` the whole
 * chain recomputed. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser(AUDIT_READERS);
  const raw = await searchParams;
  const full = firstParam(raw.verify) === 'full';
  const search = AuditSearch.safeParse({
    action: firstParam(raw.action),
    actorId: firstParam(raw.actor),
    objectType: firstParam(raw.objectType),
    objectId: firstParam(raw.objectId),
  });
  const filter = search.success ? search.data : {};
  const pageQuery = AuditPageQuery.safeParse({ cursor: firstParam(raw.cursor), limit: firstParam(raw.limit) });
  const paging = search.success && pageQuery.success ? keysetPagingForPage(app, { list: 'audit', filter }, pageQuery.data) : null;
  const [check, choices, page] = await Promise.all([
    checkAuditChain(app, { full }),
    auditFilterChoices(app.db),
    paging && !('error' in paging) ? listAuditEvents(app.db, filter, paging.request).then(paging.page) : Promise.resolve({ items: [], nextCursor: null }),
  ]);
  const people = await peopleOf(app.db, page.items);
  const refusal = !search.success
    ? `${search.error.issues[0]?.path.join('.')}: ${search.error.issues[0]?.message}`
    : !pageQuery.success
      ? `${pageQuery.error.issues[0]?.path.join('.')}: ${pageQuery.error.issues[0]?.message}`
      : paging && 'error' in paging
        ? paging.error
        : null;
  const filters = { action: filter.action, actor: filter.actorId, objectType: filter.objectType, objectId: filter.objectId, limit: firstParam(raw.limit) };
  const filtered = Boolean(filter.action || filter.actorId || filter.objectType || filter.objectId);
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
        <ChainVerification check={check} fullHref={listHref('/audit', { ...filters, verify: 'full' })} />
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
        {refusal && (
          <p role="alert" className="form-error">
            {refusal} <Link href={listHref('/audit', { ...filters, limit: undefined })}>First page</Link>
          </p>
        )}
        <section className="card" aria-label="Audit events" style={{ overflowX: 'auto' }}>
          {page.items.length === 0 ? (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              No audit entries {filtered || raw.cursor ? 'match these filters' : 'yet'}.
            </p>
          ) : (
            <AuditTable events={page.items} people={people} />
          )}
        </section>
        <PageLinks label="Audit pages" path="/audit" filters={filters} nextCursor={page.nextCursor} onLaterPage={Boolean(firstParam(raw.cursor))} />
      </main>
    </>
  );
}

function ChainVerification({ check, fullHref }: { check: ChainCheck; fullHref: string }) {
  const kind = check.mode === 'full' ? 'Full check' : 'Quick check';
  return (
    <section className="card section" aria-label="Chain verification">
      <h2>Chain verification</h2>
      <p style={{ margin: 0 }}>
        <span aria-label="Verification kind" className="badge">
          {kind}
        </span>{' '}
        {check.ok ? (
          <>
            <span role="status" aria-label="Chain status" className="badge ok">
              verified
            </span>{' '}
            <span aria-label="Verified entries">{formatCount(check.count)} entries</span>
            {check.mode === 'full' ? (
              <> recomputed now, head </>
            ) : (
              <>
                : {formatCount(check.trusted)} from the signed checkpoint (whole chain last recomputed {check.fullAt ? utc(check.fullAt, { seconds: true }) : 'never'}), its last entry and the{' '}
                {formatCount(check.count - check.trusted)} after it recomputed now, head{' '}
              </>
            )}
            <code title={check.head}>{short(check.head)}</code>
            {check.unchained > 0 && <span className="muted"> ({formatCount(check.unchained)} written before the chain began)</span>}
          </>
        ) : (
          <>
            <span role="status" aria-label="Chain status" className="badge bad">
              broken
            </span>{' '}
            entry #{check.brokenAt.seq} ({check.brokenAt.action} on {check.brokenAt.objectType} {check.brokenAt.objectId}): {check.reason}.{' '}
            <span className="muted">{formatCount(check.count)} entries before it verified.</span>
          </>
        )}
      </p>
      {check.note && <p className="muted" style={{ margin: 0 }}>Recomputed in full: {check.note}.</p>}
      <p className="muted" style={{ margin: 0 }}>
        {check.mode === 'quick'
          ? 'A quick check proves the checkpoint is ours and that its last entry and everything after it are intact; only the full check recomputes the entries before it. '
          : 'A full check recomputes every entry from the first. '}
        <Link href={fullHref}>Verify the whole chain</Link> (it also runs every day in the background).
      </p>
      <p className="muted" style={{ margin: 0 }}>
        {check.ok ? (
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

const personLabel = (person: AuditPerson | undefined, id: string) => person?.name ?? id;

function AuditTable({ events, people }: { events: AuditEventRow[]; people: Map<string, AuditPerson> }) {
  const nameOf = (id: string) => personLabel(people.get(id), id);
  return (
    <table className="data-list">
      <thead>
        <tr>
          <th>Seq</th>
          <th>Time (UTC)</th>
          <th>Who</th>
          <th>What happened</th>
          <th>Hash</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => {
          const person = e.actorId ? people.get(e.actorId) : undefined;
          const actor = e.actorId ? personLabel(person, e.actorId) : 'The system';
          return (
            <tr key={e.seq}>
              <td className="mono">{e.seq}</td>
              <td className="muted" style={{ whiteSpace: 'nowrap' }}>
                {utc(e.occurredAt, { seconds: true })}
              </td>
              <td>
                {e.actorId ? actor : <span className="muted">system</span>}
                {person && person.roles.length > 0 && <div className="muted" style={{ fontSize: 12 }}>{person.roles.join(', ')}</div>}
              </td>
              <td style={{ maxWidth: 560 }}>
                <details>
                  <summary>
                    {actor} {summarizeAuditEvent(e, nameOf)}.
                  </summary>
                  <pre className="mono" aria-label={`Raw entry ${e.seq}`} style={{ fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                    {JSON.stringify({ action: e.action, objectType: e.objectType, objectId: e.objectId, actorId: e.actorId, details: e.details }, null, 2)}
                  </pre>
                </details>
              </td>
              <td className="mono muted" title={e.hash ?? 'written before the chain began'}>
                {e.hash ? short(e.hash) : '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
