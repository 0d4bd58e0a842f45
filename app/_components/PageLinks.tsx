import Link from 'next/link';

/** A list's URL with its filters kept (empty ones dropped) and, past the first page, its cursor. */
export function listHref(path: string, filters: Record<string, string | undefined>, cursorParam = 'cursor', cursor?: string | null): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  if (cursor) query.set(cursorParam, cursor);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** Forward paging of a keyset list: "Next page" while one follows, "First page" once past it. The
 * filters ride along in both links, so a paged view can be shared like a filtered one. */
export function PageLinks({
  label,
  path,
  filters,
  cursorParam = 'cursor',
  nextCursor,
  onLaterPage,
}: {
  label: string;
  path: string;
  filters: Record<string, string | undefined>;
  cursorParam?: string;
  nextCursor: string | null;
  onLaterPage: boolean;
}) {
  if (!nextCursor && !onLaterPage) return null;
  return (
    <nav aria-label={label} style={{ display: 'flex', gap: 16, margin: '12px 0' }}>
      {onLaterPage && <Link href={listHref(path, filters)}>First page</Link>}
      {nextCursor && <Link href={listHref(path, filters, cursorParam, nextCursor)}>Next page</Link>}
    </nav>
  );
}
