import { TopBar } from '@/app/_components/TopBar';
import { ENGINE_CHECKERS } from '@/lib/auth/roles';
import { requirePageUser } from '@/lib/server/auth/page';
import { EngineCheck } from './EngineCheck';

export default async function EngineCheckPage() {
  const { user } = await requirePageUser(ENGINE_CHECKERS);
  return (
    <>
      <TopBar user={user} current="engine-check" />
      <main className="page">
        <div className="page-head">
          <div>
            <h1>Engine check</h1>
            <p className="muted">
              Runs the same queries on DuckDB in this browser and on the server&apos;s DuckDB, and compares every result. What you
              test in a notebook is what the server replays.
            </p>
          </div>
        </div>
        <EngineCheck />
      </main>
    </>
  );
}
