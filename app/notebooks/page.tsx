import Link from 'next/link';
import { TopBar } from '@/app/_components/TopBar';
import { requirePageUser } from '@/lib/server/auth/page';
import { listNotebooks } from '@/lib/server/notebooks/notebooks';
import { NewNotebookButton } from './NewNotebookButton';

export default async function NotebooksPage() {
  const { app, user } = await requirePageUser();
  const notebooks = await listNotebooks(app.db);
  return (
    <>
      <TopBar user={user} current="notebooks" />
      <main className="page">
        <div className="page-head">
          <div>
            <h1>Notebooks</h1>
            <p className="muted">SQL transforms that run in your browser on DuckDB.</p>
          </div>
          {user.roles.includes('analyst') && <NewNotebookButton />}
        </div>
        <section className="card" aria-label="Notebooks">
          {notebooks.length === 0 ? (
            <p className="muted" style={{ padding: 18 }}>
              No notebooks yet.
            </p>
          ) : (
            <ul className="list">
              {notebooks.map((nb) => (
                <li key={nb.id}>
                  <Link href={`/notebooks/${nb.id}`}>{nb.title}</Link>
                  <span className="muted">
                    {nb.ownerName} · revision {nb.revision} · {nb.updatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </>
  );
}
