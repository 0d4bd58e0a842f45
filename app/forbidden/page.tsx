import Link from 'next/link';
import { requirePageUser } from '@/lib/server/auth/page';

export default async function Forbidden() {
  const { user } = await requirePageUser();
  return (
    <main className="auth-shell">
      <div className="card auth-card">
        <h1>Not allowed</h1>
        <p className="muted">
          Your roles ({user.roles.join(', ')}) do not give access to that page. Ask an admin if you need it.
        </p>
        <Link href="/notebooks">Back to notebooks</Link>
      </div>
    </main>
  );
}
