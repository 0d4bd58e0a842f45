import { orNotFound } from '@/app/_components/or-not-found';
import { TopBar } from '@/app/_components/TopBar';
import { engineBootScript } from '@/lib/engine/assets';
import { requirePageUser } from '@/lib/server/auth/page';
import { scriptNonce } from '@/lib/server/http/nonce';
import { listDatasets } from '@/lib/server/catalog/datasets';
import { getExperimentOrThrow } from '@/lib/server/experiments/experiments';
import { getNotebookOrThrow } from '@/lib/server/notebooks/notebooks';
import { NotebookWorkbench } from './NotebookWorkbench';

export default async function NotebookPage({ params }: { params: Promise<{ id: string }> }) {
  const { app, user } = await requirePageUser();
  const { id } = await params;
  const notebook = await orNotFound(getNotebookOrThrow(app.db, id));
  // A fork links back to the experiment it came from (gone only if it was never readable).
  const parent = notebook.forkedFrom
    ? await getExperimentOrThrow(app.db, notebook.forkedFrom).then(
        (e) => ({ id: e.id, title: e.title }),
        () => null,
      )
    : null;
  const canEdit = notebook.ownerId === user.id && user.roles.includes('analyst');
  // Sources only: their contracts are what the browser generates the sandbox from.
  const datasets = (await listDatasets(app.db)).filter((d) => d.kind === 'source').map(({ name, contract }) => ({ name, contract }));
  return (
    <>
      {/* React puts an async script in the document head: DuckDB starts before hydration (lib/engine/boot). */}
      <script async src={engineBootScript} nonce={await scriptNonce()} />
      <TopBar user={user} current="notebooks" />
      <main className="page wide">
        <NotebookWorkbench
          notebook={{
            id: notebook.id,
            title: notebook.title,
            ownerName: notebook.ownerName,
            revision: notebook.revision,
            cells: notebook.cells,
            sandbox: notebook.sandbox,
            forkedFrom: notebook.forkedFrom,
            parent,
          }}
          datasets={datasets}
          canEdit={canEdit}
          canRecord={user.roles.includes('analyst')}
          user={{ id: user.id, name: user.name }}
        />
      </main>
    </>
  );
}
