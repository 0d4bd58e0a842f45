import Link from 'next/link';
import { AUDIT_READERS } from '@/lib/audit/roles';
import { ENGINE_CHECKERS } from '@/lib/auth/roles';
import { isDecider } from '@/lib/promotion/states';
import { getApp } from '@/lib/server/app';
import { unreadCount } from '@/lib/server/notifications/notifications';
import { inboxCount } from '@/lib/server/promotion/inbox';
import type { SessionUser } from '@/lib/server/users/users';
import { SignOutButton } from './SignOutButton';

export type TopBarPlace = 'reviews' | 'notebooks' | 'experiments' | 'pipelines' | 'catalog' | 'health' | 'engine-check' | 'audit' | 'notifications' | 'alerts';

export async function TopBar({ user, current }: { user: SessionUser; current: TopBarPlace }) {
  const { db } = await getApp();
  const [unread, waiting] = await Promise.all([unreadCount(db, user.id), isDecider(user) ? inboxCount(db, user) : null]);
  return (
    <header className="topbar">
      <Link href="/notebooks" className="brand">
        Assay
      </Link>
      <nav aria-label="Main">
        {waiting !== null && (
          <Link href="/reviews" aria-current={current === 'reviews' ? 'page' : undefined} aria-label={`Reviews, ${waiting} waiting for you`}>
            Reviews{' '}
            <span className={`badge ${waiting > 0 ? 'pending' : ''}`} aria-hidden>
              {waiting}
            </span>
          </Link>
        )}
        <Link href="/notebooks" aria-current={current === 'notebooks' ? 'page' : undefined}>
          Notebooks
        </Link>
        <Link href="/experiments" aria-current={current === 'experiments' ? 'page' : undefined}>
          Experiments
        </Link>
        <Link href="/pipelines" aria-current={current === 'pipelines' ? 'page' : undefined}>
          Pipelines
        </Link>
        <Link href="/catalog" aria-current={current === 'catalog' ? 'page' : undefined}>
          Catalog
        </Link>
        <Link href="/health" aria-current={current === 'health' ? 'page' : undefined}>
          Health
        </Link>
        <Link href="/alerts" aria-current={current === 'alerts' ? 'page' : undefined}>
          Alerts
        </Link>
        {ENGINE_CHECKERS.some((role) => user.roles.includes(role)) && (
          <Link href="/engine-check" aria-current={current === 'engine-check' ? 'page' : undefined}>
            Engine check
          </Link>
        )}
        {AUDIT_READERS.some((role) => user.roles.includes(role)) && (
          <Link href="/audit" aria-current={current === 'audit' ? 'page' : undefined}>
            Audit
          </Link>
        )}
      </nav>
      <div className="who">
        <Link
          href="/notifications"
          className="notifications-link"
          aria-current={current === 'notifications' ? 'page' : undefined}
          aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
        >
          Notifications{unread > 0 && <span className="count">{unread}</span>}
        </Link>
        <span>{user.name}</span>
        {user.roles.map((role) => (
          <span key={role} className="role">
            {role}
          </span>
        ))}
        <SignOutButton />
      </div>
    </header>
  );
}
