'use client';

import { useEffect, useState } from 'react';
import { useModalDialog } from '@/app/_components/useModalDialog';
import { SHORTCUTS, type Shortcut } from '@/lib/editor/shortcuts';

/** The keyboard shortcuts as a modal dialog. A native <dialog> opened with showModal() keeps the
 * focus inside, makes the page behind it inert, and closes on Esc. */
export function ShortcutSheet({ open, onClose }: { open: boolean; onClose(): void }) {
  const dialog = useModalDialog(open);

  if (!open) return null;
  return (
    <dialog
      ref={dialog}
      aria-label="Keyboard shortcuts"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      // A click on the backdrop lands on the dialog element itself.
      onClick={(e) => e.target === e.currentTarget && onClose()}
      style={{ border: '1px solid var(--line)', borderRadius: 'var(--radius)', padding: 0, width: 'min(560px, 92vw)', boxShadow: '0 12px 40px rgba(0,0,0,0.18)' }}
    >
      <div style={{ padding: '16px 20px' }}>
        <div style={{ display: 'flex', alignItems: 'center', marginBottom: 8 }}>
          <h2 style={{ margin: 0, fontSize: 16 }}>Keyboard shortcuts</h2>
          <span style={{ flex: 1 }} />
          <button className="ghost" onClick={onClose} autoFocus>
            Close
          </button>
        </div>
        <ShortcutTable title="While editing a cell" shortcuts={SHORTCUTS.filter((s) => s.where === 'editor')} />
        <ShortcutTable title="With a cell selected (press Esc to get here)" shortcuts={SHORTCUTS.filter((s) => s.where === 'notebook')} />
      </div>
    </dialog>
  );
}

function ShortcutTable({ title, shortcuts }: { title: string; shortcuts: Shortcut[] }) {
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse', marginTop: 12, fontSize: 13 }}>
      <caption style={{ textAlign: 'left', fontWeight: 600, paddingBottom: 4 }}>{title}</caption>
      <tbody>
        {shortcuts.map((s) => (
          <tr key={`${s.where}:${s.keys}`} style={{ borderTop: '1px solid var(--line)' }}>
            <td style={{ padding: '5px 12px 5px 0', width: '38%', whiteSpace: 'nowrap' }}>
              <kbd className="mono" style={{ fontSize: 12 }}>
                {s.keys}
              </kbd>
            </td>
            <td style={{ padding: '5px 0' }}>{s.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Opens the sheet on `?` anywhere on the page except where `?` is text: inputs, text areas,
 * contenteditable elements and Monaco editors. */
export function useShortcutSheet(): { open: boolean; setOpen(open: boolean): void } {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTextTarget(event.target)) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  return { open, setOpen };
}

function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"]), .monaco-editor')) return true;
  return target instanceof HTMLElement && target.isContentEditable;
}
