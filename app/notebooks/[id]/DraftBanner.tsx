/** Offers back edits that never reached the server (a reload, a crash, a lost connection). A status,
 * not an alert: nothing is wrong yet, and the user decides when to look at it. */
export function DraftBanner({
  draft,
  serverRevision,
  onRestore,
  onDiscard,
}: {
  draft: { savedAt: Date; baseRevision: number };
  serverRevision: number;
  onRestore: () => void;
  onDiscard: () => void;
}) {
  const serverMovedOn = serverRevision > draft.baseRevision;
  return (
    <div role="status" aria-label="Unsaved draft" className="banner conflict">
      <span>
        You have unsaved changes from{' '}
        <time dateTime={draft.savedAt.toISOString()}>{draft.savedAt.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</time>{' '}
        (based on revision {draft.baseRevision}).
        {serverMovedOn && ` The notebook has been saved since: it is now at revision ${serverRevision}.`}
      </span>
      <button type="button" className="primary" onClick={onRestore}>
        Restore
      </button>
      <button type="button" onClick={onDiscard}>
        Discard
      </button>
    </div>
  );
}
