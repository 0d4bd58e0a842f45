import { AppError } from '@/lib/errors';
import { getApp } from '@/lib/server/app';
import { getExperimentOrThrow } from '@/lib/server/experiments/experiments';
import { replayState } from '@/lib/server/experiments/replays';
import { experimentForToken } from '@/lib/server/experiments/shares';
import { ExperimentView } from '@/app/experiments/ExperimentView';

/** Public on purpose: the token in the URL is the permission (revocable, expiring, audited). */
export const access = 'public';

export default async function SharedExperimentPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const app = await getApp();
  let experimentId: string;
  try {
    experimentId = await experimentForToken(app.db, token);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <main className="auth-shell">
        <section className="card auth-card" aria-label="Shared experiment">
          <h1>Link not available</h1>
          <p role="alert" className="form-error">
            {error.message}.
          </p>
          <p className="muted">Ask the person who shared it for a new link.</p>
        </section>
      </main>
    );
  }
  const experiment = await getExperimentOrThrow(app.db, experimentId);
  return (
    <>
      <header className="topbar">
        <span className="brand">Assay</span>
        <span className="muted">Shared experiment · read-only</span>
        <a href={`/api/share/${token}/artifact`} download style={{ marginLeft: 'auto' }}>
          Download JSON
        </a>
      </header>
      <main className="page">
        <ExperimentView experiment={experiment} replay={await replayState(app.db, experiment.id)} replaySource={`/api/share/${token}`} signedIn={false} />
      </main>
    </>
  );
}
