import Form from 'next/form';
import Link from 'next/link';
import { PageLinks } from '@/app/_components/PageLinks';
import { firstParam } from '@/app/_components/search-params';
import { TopBar } from '@/app/_components/TopBar';
import { requirePageUser } from '@/lib/server/auth/page';
import { listNotebooks, NotebookPage, NotebookSearch } from '@/lib/server/notebooks/notebooks';
import { keysetPagingForPage } from '@/lib/server/pagination/keyset';
import { NewNotebookButton } from './NewNotebookButton';
import { NotebookList } from './NotebookList';

export default async function NotebooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { app, user } = await requirePageUser();
  const raw = await searchParams;
  const search = NotebookSearch.safeParse({ q: firstParam(raw.q) });
  const q = search.success ? search.data.q || undefined : undefined;
  const pageQuery = NotebookPage.safeParse({ cursor: firstParam(raw.cursor), limit: firstParam(raw.limit) });
  const paging = search.success && pageQuery.success ? keysetPagingForPage(app, { list: 'notebooks', filter: { q } }, pageQuery.data) : null;
  const page = paging && !('error' in paging) ? paging.page(await listNotebooks(app.db, { q }, paging.request)) : { items: [], nextCursor: null };
  const notebooks = page.items;
  const refusal = !search.success
    ? (search.error.issues[0]?.message ?? 'that search cannot be run')
    : !pageQuery.success
      ? `${pageQuery.error.issues[0]?.path.join('.')}: ${pageQuery.error.issues[0]?.message}`
      : paging && 'error' in paging
        ? paging.error
        : null;
  const filters = { q, limit: firstParam(raw.limit) };
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
        {refusal && (
          <p role="alert" className="form-error">
            {refusal}
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
              {refusal ? 'No search was run.' : q ? `No notebooks match “${q}”.` : 'No notebooks yet.'}
            </p>
          )}
        </section>
        <PageLinks label="Notebook pages" path="/notebooks" filters={filters} nextCursor={page.nextCursor} onLaterPage={Boolean(firstParam(raw.cursor))} />
      </main>
    </>
  );
}
