'use client';

import { useState } from 'react';
import { useModalDialog } from '@/app/_components/useModalDialog';
import type { Nondeterminism } from '@/lib/artifact/nondeterminism';
import { Annotations } from '@/lib/artifact/schema';

type Props = {
  open: boolean;
  /** Calls a replay cannot repeat, found in the cells as they are now. */
  findings: Nondeterminism[];
  /** Why recording is not possible right now (unsaved edits, no sandbox), or null. */
  blocked: string | null;
  onRecord(annotations: Annotations): Promise<void>;
  onClose(): void;
};

/** Title, hypothesis and tags of a new experiment. Shows up front what will make it non-reproducible,
 * with the fix, so the analyst can change the SQL before recording. */
export function RecordDialog({ open, findings, blocked, onRecord, onClose }: Props) {
  const dialog = useModalDialog(open);
  const [title, setTitle] = useState('');
  const [hypothesis, setHypothesis] = useState('');
  const [tags, setTags] = useState('');
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'recording' } | { kind: 'error'; message: string }>({ kind: 'idle' });

  if (!open) return null;
  const submit = async () => {
    const parsed = Annotations.safeParse({
      title,
      hypothesis,
      notes: '',
      tags: tags.split(',').map((tag) => tag.trim().toLowerCase()).filter(Boolean),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setState({ kind: 'error', message: `${issue?.path.join('.') || 'form'}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    setState({ kind: 'recording' });
    try {
      await onRecord(parsed.data);
    } catch (error) {
      setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <dialog
      ref={dialog}
      aria-label="Record experiment"
      onCancel={(e) => {
        e.preventDefault();
        if (state.kind !== 'recording') onClose();
      }}
      style={{ border: '1px solid var(--line)', borderRadius: 'var(--radius)', padding: 0, width: 'min(600px, 94vw)', boxShadow: '0 12px 40px rgba(0,0,0,0.18)' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        style={{ padding: '16px 20px', display: 'grid', gap: 12 }}
      >
        <h2>Record experiment</h2>
        <p className="muted" style={{ margin: 0 }}>
          Runs every cell once more, then stores the code, the sandbox input, every model&apos;s schema, row count and fingerprint, and the check
          results as an immutable artifact. The server replays it to prove it reproduces.
        </p>
        {blocked && (
          <p role="alert" className="form-error" style={{ margin: 0 }}>
            {blocked}
          </p>
        )}
        {findings.length > 0 && (
          <div role="status" aria-label="Reproducibility" className="banner conflict" style={{ margin: 0, display: 'block' }}>
            <strong>This run will be recorded as not reproducible:</strong>
            <ul style={{ margin: '6px 0', paddingLeft: 18 }}>
              {findings.map((f) => (
                <li key={`${f.cellId}:${f.line}:${f.function}`}>
                  {f.cellId}, line {f.line}: {f.reason}
                </li>
              ))}
            </ul>
            <span className="muted">
              To fix it, pass the moment in as a literal (e.g. <code>TIMESTAMP &apos;2026-01-01 00:00:00&apos;</code> instead of <code>now()</code>) or
              call <code>setseed(…)</code> in a cell that runs before the one drawing random values.
            </span>
          </div>
        )}
        <label style={{ display: 'grid', gap: 4 }}>
          Title
          <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required autoFocus />
        </label>
        <label style={{ display: 'grid', gap: 4 }}>
          Hypothesis
          <textarea value={hypothesis} onChange={(e) => setHypothesis(e.target.value)} rows={3} maxLength={10_000} style={{ font: 'inherit', padding: 6 }} />
        </label>
        <label style={{ display: 'grid', gap: 4 }}>
          Tags <span className="muted" style={{ fontSize: 12 }}>comma separated, lowercase</span>
          <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="revenue, q4" />
        </label>
        {state.kind === 'error' && (
          <p role="alert" className="form-error" style={{ margin: 0 }}>
            {state.message}
          </p>
        )}
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <button type="button" className="ghost" onClick={onClose} disabled={state.kind === 'recording'}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={state.kind === 'recording' || blocked !== null}>
            {state.kind === 'recording' ? 'Recording…' : 'Record'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
