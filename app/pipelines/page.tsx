import Link from 'next/link';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { isOpen, statusLabel } from '@/lib/promotion/states';
import { requirePageUser } from '@/lib/server/auth/page';
import { listPipelines } from '@/lib/server/promotion/pipelines';
import { listPromotions, type PromotionSummary } from '@/lib/server/promotion/promotions';

const DECIDED_SHOWN = 50;

/** Promotion requests, newest first: the reviewers' queue (open) and the record (decided). */
function Requests({ title, empty, requests }: { title: string; empty: string; requests: PromotionSummary[] }) {
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
    </section>
  );
}

export default async function PipelinesPage() {
  const { app, user } = await requirePageUser();
  const [pipelines, promotions] = await Promise.all([listPipelines(app.db), listPromotions(app.db)]);
  const open = promotions.filter((p) => isOpen(p.status));
  const decided = promotions.filter((p) => !isOpen(p.status));
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
        </section>
        <Requests title="Open requests" empty="No request is waiting." requests={open} />
        <Requests title="Decided requests" empty="None yet." requests={decided.slice(0, DECIDED_SHOWN)} />
      </main>
    </>
  );
}
