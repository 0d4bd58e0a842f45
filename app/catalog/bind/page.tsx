import { TopBar } from '@/app/_components/TopBar';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { requirePageUser } from '@/lib/server/auth/page';
import { listConnections } from '@/lib/server/sources/connections';
import { BindForm } from './BindForm';

export default async function BindPage() {
  const { app, user } = await requirePageUser(SOURCE_MANAGERS);
  // The picker offers the first 100 enabled connections by name; the connections page pages them all.
  const { items } = await listConnections(app.db, { after: null, limit: 100 });
  const usable = items.filter((c) => !c.disabled).map((c) => ({ id: c.id, name: c.name }));
  return (
    <>
      <TopBar user={user} current="catalog" />
      <main className="page" style={{ display: 'grid', gap: 16 }}>
        <div>
          <h1>Bind a source table</h1>
          <p className="muted" style={{ margin: 0 }}>
            Pick a connection and a table: Assay reads its columns, maps them to DuckDB types and proposes a contract for you to complete.
          </p>
        </div>
        <BindForm connections={usable} />
      </main>
    </>
  );
}
