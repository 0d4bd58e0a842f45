import Link from 'next/link';
import { AUDIT_READERS } from '@/lib/audit/roles';
import { getApp } from '@/lib/server/app';
import { unreadCount } from '@/lib/server/notifications/notifications';
import { ENGINE_CHECKERS } from '@/lib/auth/roles';
import type { SessionUser } from '@/lib/server/users/users';
import { SignOutButton } from './SignOutButton';

export type TopBarPlace = 'notebooks' | 'experiments' | 'pipelines' | 'catalog' | 'engine-check' | 'audit' | 'notifications';

export async function TopBar({ user, current }: { user: SessionUser; current: TopBarPlace }) {
  const unread = await unreadCount((await getApp()).db, user.id);
  return (
    <header className="topbar">
      <Link href="/notebooks" className="brand">
        Assay
      </Link>
      <nav aria-label="Main">
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
