'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { api } from '@/lib/client/api';

export type NotebookListItem = {
  id: string;
  title: string;
  ownerId: string;
  ownerName: string;
  revision: number;
  /** ISO timestamps: the list crosses from the server component as plain JSON. */
  updatedAt: string;
  lastRunAt: string | null;
  lastRunByName: string | null;
};

/** Absolute and in UTC so the server render and the browser agree, whatever the viewer's zone. */
function formatUtc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function NotebookList({ notebooks, userId, canRename }: { notebooks: NotebookListItem[]; userId: string; canRename: boolean }) {
  return (
    <table className="contract" aria-label="Notebooks">
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Owner</th>
          <th scope="col">Revision</th>
          <th scope="col">Updated</th>
          <th scope="col">Last run</th>
          <th scope="col">
            <span className="muted">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {notebooks.map((nb) => (
          <NotebookListRow key={nb.id} notebook={nb} canRename={canRename && nb.ownerId === userId} />
        ))}
      </tbody>
    </table>
  );
}

function NotebookListRow({ notebook, canRename }: { notebook: NotebookListItem; canRename: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(notebook.title);
  /** Shown until the refreshed list arrives, so the old title does not flash back. */
  const [savedTitle, setSavedTitle] = useState<string | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const rename = useMutation({
    mutationFn: (title: string) => api<{ notebook: { title: string } }>(`/api/notebooks/${notebook.id}`, { method: 'PATCH', body: { title } }),
    onSuccess: ({ notebook: renamed }) => {
      setSavedTitle(renamed.title);
      close();
      router.refresh();
    },
  });
  const title = savedTitle ?? notebook.title;

  function close() {
    setEditing(false);
    rename.reset();
    requestAnimationFrame(() => renameButton.current?.focus());
  }

  return (
    <tr>
      <td>
        {editing ? (
          <form
            style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}
            onSubmit={(event) => {
              event.preventDefault();
              rename.mutate(draft);
            }}
          >
            <input
              aria-label="Notebook title"
              value={draft}
              maxLength={200}
              autoFocus
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape') close();
              }}
            />
            <button type="submit" className="primary" disabled={rename.isPending}>
              {rename.isPending ? 'Saving…' : 'Save'}
            </button>
            <button type="button" onClick={close} disabled={rename.isPending}>
              Cancel
            </button>
            {rename.error && (
              <p role="alert" className="form-error" style={{ flexBasis: '100%', margin: 0 }}>
                {rename.error.message}
              </p>
            )}
          </form>
        ) : (
          <Link href={`/notebooks/${notebook.id}`}>{title}</Link>
        )}
      </td>
      <td>{notebook.ownerName}</td>
      <td>{notebook.revision}</td>
      <td>
        <time dateTime={notebook.updatedAt}>{formatUtc(notebook.updatedAt)}</time>
      </td>
      <td>
        {notebook.lastRunAt ? (
          <>
            <time dateTime={notebook.lastRunAt}>{formatUtc(notebook.lastRunAt)}</time>
            {notebook.lastRunByName && <span className="muted"> by {notebook.lastRunByName}</span>}
          </>
        ) : (
          <span className="muted">never</span>
        )}
      </td>
      <td>
        {canRename && !editing && (
          <button
            ref={renameButton}
            type="button"
            className="ghost"
            aria-label={`Rename ${title}`}
            onClick={() => {
              setDraft(title);
              setEditing(true);
            }}
          >
            Rename
          </button>
        )}
      </td>
    </tr>
  );
}
