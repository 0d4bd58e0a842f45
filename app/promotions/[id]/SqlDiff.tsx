'use client';

import { useEffect, useRef, useState } from 'react';
import { loadMonaco } from '@/lib/client/monaco';

const LINE_HEIGHT = 19;

/** Production's SQL against the candidate's in Monaco's diff editor, read-only and side by side. */
export function SqlDiff({ label, original, modified }: { label: string; original: string; modified: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const lines = Math.max(original.split('\n').length, modified.split('\n').length);
  // Until the editor has measured its wrapped lines, a height from the line count.
  const [height, setHeight] = useState((lines + 2) * LINE_HEIGHT);
  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    loadMonaco()
      .then((monaco) => {
        if (disposed || !host.current) return;
        const editor = monaco.editor.createDiffEditor(host.current, {
          readOnly: true,
          originalEditable: false,
          renderSideBySide: true,
          wordWrap: 'on',
          diffWordWrap: 'on',
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          renderOverviewRuler: false,
          fontSize: 12.5,
          lineHeight: LINE_HEIGHT,
          ariaLabel: label,
        });
        const models = [monaco.editor.createModel(original, 'sql'), monaco.editor.createModel(modified, 'sql')] as const;
        editor.setModel({ original: models[0], modified: models[1] });
        const sides = [editor.getOriginalEditor(), editor.getModifiedEditor()];
        const fit = () => setHeight(Math.max(...sides.map((side) => side.getContentHeight())) + 2);
        const listeners = sides.map((side) => side.onDidContentSizeChange(fit));
        fit();
        dispose = () => {
          listeners.forEach((l) => l.dispose());
          editor.dispose();
          models.forEach((m) => m.dispose());
        };
      })
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
    return () => {
      disposed = true;
      dispose();
    };
  }, [label, original, modified]);
  if (failed) return <p className="form-error">The diff editor did not load: {failed}</p>;
  return <div ref={host} role="figure" aria-label={label} style={{ height: Math.min(600, height), border: '1px solid var(--line)', borderRadius: 6 }} />;
}
