'use client';

import type * as Monaco from 'monaco-editor';
import { useEffect, useRef, useState } from 'react';
import { loadMonaco } from '@/lib/client/monaco';

/** Uncontrolled after mount: the editor owns its text and reports changes. Pushing React state back
 * into it would race with typing; to replace the text from outside, remount it with a new key. */
type Props = {
  value: string;
  language: 'sql' | 'markdown';
  ariaLabel: string;
  readOnly: boolean;
  /** Changes to a new positive number each time the editor should take the focus. */
  focusRequest: number;
  errorLine: number | null;
  errorMessage: string | null;
  onChange(value: string): void;
  /** Receive the editor's text at the moment of the keystroke (React state may lag a keystroke behind). */
  onRun?(source: string): void;
  onRunAndAdvance?(source: string): void;
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
          // Word-based guesses would hijack Enter; schema-aware completion comes with the workbench.
          quickSuggestions: false,
          wordBasedSuggestions: 'off',
        });
        editorRef.current = editor;
        const fit = () => {
          if (!host.current) return;
          host.current.style.height = `${Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, editor.getContentHeight()))}px`;
        };
        editor.onDidContentSizeChange(fit);
        fit();
        editor.onDidChangeModelContent(() => latest.current.onChange(editor.getValue()));
        // addAction, not addCommand: Monaco registers addCommand keybindings globally, so with
        // several editors on a page the last one created would receive every Shift+Enter.
        editor.addAction({
          id: 'assay.runAndAdvance',
          label: 'Run cell and go to the next',
          keybindings: [monaco.KeyMod.Shift | monaco.KeyCode.Enter],
          run: () => latest.current.onRunAndAdvance?.(editor.getValue()),
        });
        editor.addAction({
          id: 'assay.run',
          label: 'Run cell',
          keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
          run: () => latest.current.onRun?.(editor.getValue()),
        });
        if (latest.current.focusRequest > 0) editor.focus();
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
    if (props.focusRequest > 0) editorRef.current?.focus();
  }, [props.focusRequest]);

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
  return <div ref={host} className="cell-editor" style={{ height: MIN_HEIGHT }} />;
}
