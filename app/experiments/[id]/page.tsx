import Form from 'next/form';
import Link from 'next/link';
import { orNotFound } from '@/app/_components/or-not-found';
import { TopBar } from '@/app/_components/TopBar';
import { utc } from '@/app/_components/utc';
import { requirePageUser } from '@/lib/server/auth/page';
import { getExperimentOrThrow, listExperiments } from '@/lib/server/experiments/experiments';
import { replayState } from '@/lib/server/experiments/replays';
import { listPipelines } from '@/lib/server/promotion/pipelines';
import { earlierSubmissions, productionOf, submittable } from '@/lib/server/promotion/promotions';
import { ExperimentView } from '../ExperimentView';
import { ExperimentActions } from './ExperimentActions';

/** How many experiments the compare picker offers, from the same notebook and from all. */
const COMPARE_CHOICES = 50;
const PIPELINE_CHOICES = 200;

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { app, user } = await requirePageUser();
  const { id } = await params;
  const experiment = await orNotFound(getExperimentOrThrow(app.db, id));
  const replay = await replayState(app.db, experiment.id);
  // Same notebook first: the comparison people usually want; the newest of each, not every experiment.
  const choices = { after: null, limit: COMPARE_CHOICES };
  const [sameNotebook, newest] = await Promise.all([
    listExperiments(app.db, { includeArchived: true, notebookId: experiment.notebookId }, choices),
    listExperiments(app.db, { includeArchived: true }, choices),
  ]);
  const others = [...new Map([...sameNotebook.items, ...newest.items].map((e) => [e.id, e])).values()].filter((e) => e.id !== experiment.id);
  const analyst = user.roles.includes('analyst');
  const isAuthor = experiment.authorId === user.id;
  const promotion = isAuthor && analyst
    ? {
        blocked: await submittable(app.db, experiment.id),
        models: experiment.content.models.map((m) => ({ name: m.name, schema: m.schema })),
        pipelines: await Promise.all(
          (await listPipelines(app.db, { after: null, limit: PIPELINE_CHOICES })).items.map(async (p) => {
            const production = await productionOf(app.db, p.id, p.currentVersion);
            return { id: p.id, name: p.name, currentVersion: p.currentVersion, docs: production?.docs ?? {}, outputs: production?.outputs ?? null };
          }),
        ),
        earlier: await earlierSubmissions(app.db, experiment.id),
      }
    : null;
  return (
    <>
      <TopBar user={user} current="experiments" />
      <main className="page">
        <ExperimentView
          experiment={experiment}
          replay={replay}
          replaySource={`/api/experiments/${experiment.id}/replay`}
          signedIn
          actions={
            <ExperimentActions
              id={experiment.id}
              isAuthor={isAuthor}
              promotion={promotion}
              canFork={analyst}
              canReplay={(analyst || user.roles.includes('reviewer')) && replay.status !== 'queued' && replay.status !== 'running'}
              archived={experiment.archivedAt !== null}
            />
          }
        />
        <p>
          <Link href={`/experiments/${experiment.id}/lineage`}>Column lineage</Link> of its models, with the PII columns they carry
        </p>
        {others.length > 0 && (
          <Form action="/experiments/compare" className="card section" style={{ marginTop: 16, display: 'flex', gap: 8, alignItems: 'center' }}>
            {/* What changed from the other experiment (its parent, by default) to this one. */}
            <label htmlFor="compare-with">Compare with</label>
            <select id="compare-with" name="a" defaultValue={experiment.content.parent ?? others[0]!.id}>
              {others.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.title} · {utc(e.createdAt)} · {e.id.slice(0, 8)}
                </option>
              ))}
            </select>
            <input type="hidden" name="b" value={experiment.id} />
            <button type="submit">Compare</button>
          </Form>
        )}
      </main>
    </>
  );
}
