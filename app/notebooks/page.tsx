import Form from 'next/form';
import Link from 'next/link';
import { TopBar } from '@/app/_components/TopBar';
import { requirePageUser } from '@/lib/server/auth/page';
import { listNotebooks, NotebookSearch } from '@/lib/server/notebooks/notebooks';
import { NewNotebookButton } from './NewNotebookButton';
import { NotebookList } from './NotebookList';

export default async function NotebooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser();
  const raw = (await searchParams).q;
  const search = NotebookSearch.safeParse({ q: Array.isArray(raw) ? raw[0] : raw });
  const q = search.success ? search.data.q || undefined : undefined;
  const notebooks = search.success ? await listNotebooks(app.db, { q }) : [];
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
        {/* A GET form: searching works before (or without) JavaScript, and the URL can be shared. Keyed by
            the query so the box shows the search in the URL after a client-side navigation. */}
        <Form key={q ?? ''} action="/notebooks" role="search" style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 16 }}>
          <label htmlFor="notebook-search">Search notebooks</label>
          <input id="notebook-search" type="search" name="q" defaultValue={q} maxLength={200} placeholder="Part of a title" />
          <button type="submit">Search</button>
          {q && <Link href="/notebooks">Clear search</Link>}
        </Form>
        {!search.success && (
          <p role="alert" className="form-error">
            {search.error.issues[0]?.message ?? 'that search cannot be run'}
          </p>
        )}
        <section className="card" aria-label="Notebooks">
          {notebooks.length > 0 ? (
            <NotebookList
              notebooks={notebooks.map((nb) => ({
                ...nb,
                updatedAt: nb.updatedAt.toISOString(),
                lastRunAt: nb.lastRunAt?.toISOString() ?? null,
              }))}
              userId={user.id}
              canRename={user.roles.includes('analyst')}
            />
          ) : (
            <p className="muted" style={{ padding: 18, margin: 0 }}>
              {q ? `No notebooks match “${q}”.` : search.success ? 'No notebooks yet.' : 'No search was run.'}
            </p>
          )}
        </section>
      </main>
    </>
  );
}
