'use client';

import { useEffect, useState } from 'react';
import ReactMarkdown from 'react-markdown';
import { SqlEditor } from './SqlEditor';

type Props = { source: string; canEdit: boolean; focusRequest: number; onChange(source: string): void };

/** Rendered markdown; double-click (or Enter on the cell) edits it, Shift+Enter renders it again. */
export function MarkdownCellView({ source, canEdit, focusRequest, onChange }: Props) {
  const [editing, setEditing] = useState(focusRequest > 0 && canEdit);
  useEffect(() => {
    if (focusRequest > 0 && canEdit) setEditing(true);
  }, [focusRequest, canEdit]);
  if (editing) {
    return (
      <>
        <SqlEditor
          value={source}
          language="markdown"
          ariaLabel="Markdown text"
          readOnly={false}
          focusRequest={1}
          errorLine={null}
          errorMessage={null}
          onChange={onChange}
          onRunAndAdvance={() => setEditing(false)}
        />
        <div style={{ display: 'flex', justifyContent: 'flex-end', padding: '0 8px 6px' }}>
          <button className="ghost" onClick={() => setEditing(false)}>
            Done
          </button>
        </div>
      </>
    );
  }
  return (
    <div className="markdown-view" onDoubleClick={() => canEdit && setEditing(true)} title={canEdit ? 'Double-click to edit' : undefined}>
      {source.trim() ? <ReactMarkdown>{source}</ReactMarkdown> : <p className="muted">Empty markdown cell</p>}
    </div>
  );
}
