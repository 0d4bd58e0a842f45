'use client';

import type * as Monaco from 'monaco-editor';
import { useEffect, useRef, useState } from 'react';
import { loadMonaco } from '@/lib/client/monaco';

type Props = {
  value: string;
  language: 'sql' | 'markdown';
  ariaLabel: string;
  readOnly: boolean;
  autoFocus?: boolean;
  errorLine: number | null;
  errorMessage: string | null;
  onChange(value: string): void;
  onRun?(): void;
  onRunAndAdvance?(): void;
};

const MIN_HEIGHT = 38;
const MAX_HEIGHT = 640;

export function SqlEditor(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<typeof Monaco | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    loadMonaco()
      .then((monaco) => {
        if (disposed || !host.current) return;
        monacoRef.current = monaco;
        const editor = monaco.editor.create(host.current, {
          value: latest.current.value,
          language: latest.current.language,
          ariaLabel: latest.current.ariaLabel,
          readOnly: latest.current.readOnly,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          lineNumbers: latest.current.language === 'sql' ? 'on' : 'off',
          lineNumbersMinChars: 3,
          folding: false,
          fontSize: 13,
          renderLineHighlight: 'none',
          overviewRulerLanes: 0,
          scrollbar: { alwaysConsumeMouseWheel: false, vertical: 'auto' },
          automaticLayout: true,
          wordWrap: latest.current.language === 'markdown' ? 'on' : 'off',
          padding: { top: 8, bottom: 8 },
        });
        editorRef.current = editor;
        const fit = () => {
          if (!host.current) return;
          host.current.style.height = `${Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, editor.getContentHeight()))}px`;
        };
        editor.onDidContentSizeChange(fit);
        fit();
        editor.onDidChangeModelContent(() => latest.current.onChange(editor.getValue()));
        editor.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => latest.current.onRunAndAdvance?.());
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun?.());
        if (latest.current.autoFocus) editor.focus();
      })
      .catch((error: unknown) => setLoadError(error instanceof Error ? error.message : 'the editor failed to load'));
    return () => {
      disposed = true;
      editorRef.current?.getModel()?.dispose();
      editorRef.current?.dispose();
      editorRef.current = null;
    };
  }, []);

  useEffect(() => {
    const editor = editorRef.current;
    if (editor && editor.getValue() !== props.value) editor.setValue(props.value);
  }, [props.value]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly: props.readOnly });
  }, [props.readOnly]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const model = editorRef.current?.getModel();
    if (!monaco || !model) return;
    const markers =
      props.errorLine && props.errorMessage && props.errorLine <= model.getLineCount()
        ? [
            {
              severity: monaco.MarkerSeverity.Error,
              message: props.errorMessage,
              startLineNumber: props.errorLine,
              endLineNumber: props.errorLine,
              startColumn: 1,
              endColumn: model.getLineMaxColumn(props.errorLine),
            },
          ]
        : [];
    monaco.editor.setModelMarkers(model, 'duckdb', markers);
  }, [props.errorLine, props.errorMessage]);

  if (loadError) {
    return (
      <textarea
        aria-label={props.ariaLabel}
        className="mono"
        style={{ width: '100%', minHeight: 80, border: 'none', padding: 10 }}
        value={props.value}
        readOnly={props.readOnly}
        onChange={(e) => props.onChange(e.target.value)}
      />
    );
  }
  return <div ref={host} className="cell-editor" style={{ height: MIN_HEIGHT }} data-editor-ready={editorRef.current ? 'true' : 'false'} />;
}
