import { redirect } from 'next/navigation';
import { getApp } from '@/lib/server/app';
import { optionalPageUser } from '@/lib/server/auth/page';
import { SignInForm } from './SignInForm';

/** Public by design: the one page a signed-out visitor may see. */
export const access = 'public';

export default async function SignIn() {
  if (await optionalPageUser()) redirect('/');
  const { config } = await getApp();
  return (
    <main className="auth-shell">
      <div className="card auth-card">
        <h1>Sign in to Assay</h1>
        <p className="muted">Experiment like a notebook, promote like a release.</p>
        <SignInForm />
        {config.mode === 'demo' && (
          <p className="muted" style={{ fontSize: 12, marginTop: 20 }}>
            Demo workspace: analyst@assay.local (or reviewer@, steward@, viewer@, admin@), password assay-demo-password.
          </p>
        )}
      </div>
    </main>
  );
}
