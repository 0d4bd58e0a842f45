'use client';

import type * as Monaco from 'monaco-editor';
import { useEffect, useRef, useState } from 'react';
import { loadMonaco, releaseMonaco, type MonacoApi } from '@/lib/client/monaco';
import { attachSqlModel, ensureSqlSupport, formatModel, sqlLanguageId } from '@/lib/client/monaco-duckdb';
import { errorRange } from '@/lib/editor/markers';
import { isTyping } from './typing';

/** Uncontrolled after mount: the editor owns its text and reports changes. Pushing React state back
 * into it would race with typing; to replace the text from outside, remount it with a new key, or
 * insert at the cursor with `insertRequest`. */
type Props = {
  value: string;
  language: 'sql' | 'markdown';
  ariaLabel: string;
  readOnly: boolean;
  /** Changes to a new positive number each time the editor should take the focus. */
  focusRequest: number;
  errorLine: number | null;
  /** 1-based column in `errorLine` where DuckDB places the error; the marker covers the word there. */
  errorColumn?: number | null;
  errorMessage: string | null;
  /** Changes to a new number each time the editor should format its SQL (the workbench's Format button). */
  formatRequest?: number;
  /** When `request` changes, `text` replaces the selection (or goes in at the cursor) and the editor takes the focus. */
  insertRequest?: { text: string; request: number };
  onChange(value: string): void;
  /** Receive the editor's text at the moment of the keystroke (React state may lag a keystroke behind). */
  onRun?(source: string): void;
  onRunAndAdvance?(source: string): void;
  onRunAndInsert?(source: string): void;
  /** Esc: the editor has given up the focus; the notebook takes the keyboard. */
  onEscape?(): void;
  onFocus?(): void;
};

const MIN_HEIGHT = 38;
const MAX_HEIGHT = 640;

/** Esc belongs to Monaco's own widgets first: closing suggestions, the find box, parameter hints,
 * extra cursors. Action keybindings outrank every built-in one, so the exclusions must be explicit. */
const ESCAPE_WHEN = [
  'editorTextFocus',
  '!suggestWidgetVisible',
  '!findWidgetVisible',
  '!parameterHintsVisible',
  '!renameInputVisible',
  '!markersNavigationVisible',
  '!editorHasMultipleSelections',
  '!inSnippetMode',
].join(' && ');

/** Where an editor's suggestion list and hovers go: a node of the page's body, classed
 * `monaco-editor` so Monaco's widget styles and theme colours apply to them there. */
function createOverflowHost(): HTMLDivElement {
  const node = document.createElement('div');
  node.className = 'monaco-editor editor-overflow-widgets';
  document.body.appendChild(node);
  return node;
}

export function SqlEditor(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const monacoRef = useRef<MonacoApi | null>(null);
  const overflowHost = useRef<HTMLDivElement | null>(null);
  const latest = useRef(props);
  latest.current = props;
  // Requests already present at the first render are the initial state, not something to do.
  const handledFormat = useRef(props.formatRequest);
  const handledInsert = useRef(props.insertRequest?.request);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [mounted, setMounted] = useState(false);
  // A click on the text shown before Monaco is up: the editor takes the focus when it arrives.
  const reached = useRef(false);

  useEffect(() => {
    let disposed = false;
    loadMonaco()
      .then((monaco) => {
        if (disposed || !host.current) return;
        monacoRef.current = monaco;
        const sql = latest.current.language === 'sql';
        if (sql) ensureSqlSupport(monaco);
        overflowHost.current = createOverflowHost();
        const editor = monaco.editor.create(host.current, {
          value: latest.current.value,
          language: sql ? sqlLanguageId() : 'markdown',
          ariaLabel: latest.current.ariaLabel,
          readOnly: latest.current.readOnly,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          lineNumbers: sql ? 'on' : 'off',
          lineNumbersMinChars: 3,
          folding: false,
          fontSize: 13,
          renderLineHighlight: 'none',
          overviewRulerLanes: 0,
          scrollbar: { alwaysConsumeMouseWheel: false, vertical: 'auto' },
          automaticLayout: true,
          wordWrap: sql ? 'off' : 'on',
          padding: { top: 8, bottom: 8 },
          // Schema-aware suggestions pop up while typing names; Tab accepts one. Enter never does:
          // it would swallow the newline after a word that happens to prefix a column name.
          quickSuggestions: sql ? { other: true, comments: false, strings: false } : false,
          suggestOnTriggerCharacters: sql,
          acceptSuggestionOnEnter: 'off',
          wordBasedSuggestions: 'off',
          // A one-line cell is shorter than the suggestion list; let Monaco's widgets overflow it. They
          // live outside the cell: a cell's paint containment (content-visibility) would clip them.
          fixedOverflowWidgets: true,
          overflowWidgetsDomNode: overflowHost.current,
        });
        editorRef.current = editor;
        const model = editor.getModel();
        if (sql && model) attachSqlModel(model);
        const fit = () => {
          if (!host.current) return;
          host.current.style.height = `${Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, editor.getContentHeight()))}px`;
        };
        editor.onDidContentSizeChange(fit);
        fit();
        editor.onDidChangeModelContent(() => latest.current.onChange(editor.getValue()));
        editor.onDidFocusEditorText(() => latest.current.onFocus?.());
        addKeyActions(monaco, editor, latest, host);
        // Monaco can arrive after the user has moved on (say, to type the model name): then it leaves the focus where it is.
        if ((latest.current.focusRequest > 0 || reached.current) && !isTyping(document.activeElement)) editor.focus();
        setMounted(true);
        showError(monaco, editor, latest.current);
        runPendingRequests();
      })
      .catch((error: unknown) => setLoadError(error instanceof Error ? error.message : 'the editor failed to load'));
    return () => {
      disposed = true;
      editorRef.current?.getModel()?.dispose();
      editorRef.current?.dispose();
      editorRef.current = null;
      overflowHost.current?.remove();
      overflowHost.current = null;
    };
  }, []);

  /** Carries out a format or insert request that is newer than the last one handled. Requests that
   * arrive while Monaco is still loading are carried out once the editor exists. */
  function runPendingRequests() {
    const monaco = monacoRef.current;
    const editor = editorRef.current;
    if (!monaco || !editor) return;
    const { formatRequest, insertRequest, language } = latest.current;
    if (formatRequest !== undefined && formatRequest !== handledFormat.current) {
      handledFormat.current = formatRequest;
      if (language === 'sql') formatEditor(monaco, editor);
    }
    if (insertRequest && insertRequest.request !== handledInsert.current) {
      handledInsert.current = insertRequest.request;
      insertAtCursor(monaco, editor, insertRequest.text);
    }
  }

  useEffect(() => {
    if (props.focusRequest > 0) editorRef.current?.focus();
  }, [props.focusRequest]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly: props.readOnly });
  }, [props.readOnly]);

  useEffect(runPendingRequests, [props.formatRequest, props.insertRequest?.request]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const editor = editorRef.current;
    if (monaco && editor) showError(monaco, editor, props);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- showError reads only the three error props listed
  }, [props.errorLine, props.errorColumn, props.errorMessage]);

  // A renamed model renames its editor for screen readers (and tests) too.
  useEffect(() => {
    editorRef.current?.updateOptions({ ariaLabel: props.ariaLabel });
  }, [props.ariaLabel]);

  if (loadError) {
    return (
      <textarea
        aria-label={props.ariaLabel}
        className="mono"
        style={{ width: '100%', minHeight: 80, border: 'none', padding: 10 }}
        value={props.value}
        readOnly={props.readOnly}
        onChange={(e) => props.onChange(e.target.value)}
        onFocus={() => props.onFocus?.()}
      />
    );
  }
  // Until Monaco is up (the notebook page holds it back while DuckDB starts), the text shows as it is.
  return (
    <>
      {!mounted && (
        <pre
          className={`cell-editor cell-editor-static mono${props.language === 'markdown' ? ' prose' : ''}`}
          aria-hidden
          onPointerDown={() => {
            reached.current = true;
            releaseMonaco();
          }}
        >
          {props.value}
        </pre>
      )}
      <div ref={host} className="cell-editor" style={{ height: MIN_HEIGHT, display: mounted ? undefined : 'none' }} />
    </>
  );
}

function addKeyActions(
  monaco: MonacoApi,
  editor: Monaco.editor.IStandaloneCodeEditor,
  latest: { current: Props },
  host: { current: HTMLDivElement | null },
) {
  const { KeyMod, KeyCode } = monaco;
  // addAction, not addCommand: Monaco registers addCommand keybindings globally, so with several
  // editors on a page the last one created would receive every Shift+Enter. `editorTextFocus` keeps
  // the find box's own Enter variants working.
  editor.addAction({
    id: 'assay.runAndAdvance',
    label: 'Run cell and go to the next',
    keybindings: [KeyMod.Shift | KeyCode.Enter],
    keybindingContext: 'editorTextFocus',
    run: () => latest.current.onRunAndAdvance?.(editor.getValue()),
  });
  editor.addAction({
    id: 'assay.run',
    label: 'Run cell',
    keybindings: [KeyMod.CtrlCmd | KeyCode.Enter],
    keybindingContext: 'editorTextFocus',
    run: () => latest.current.onRun?.(editor.getValue()),
  });
  editor.addAction({
    id: 'assay.runAndInsert',
    label: 'Run cell and insert a cell below',
    keybindings: [KeyMod.Alt | KeyCode.Enter],
    keybindingContext: 'editorTextFocus',
    run: () => latest.current.onRunAndInsert?.(editor.getValue()),
  });
  editor.addAction({
    id: 'assay.leaveEditor',
    label: 'Leave the editor',
    keybindings: [KeyCode.Escape],
    keybindingContext: ESCAPE_WHEN,
    run: () => {
      const onEscape = latest.current.onEscape;
      if (!onEscape) return;
      const active = document.activeElement;
      if (active instanceof HTMLElement && host.current?.contains(active)) active.blur();
      onEscape();
    },
  });
  if (latest.current.language === 'sql') {
    editor.addAction({
      id: 'assay.formatSql',
      label: 'Format SQL',
      keybindings: [KeyMod.Shift | KeyMod.Alt | KeyCode.KeyF],
      run: () => formatEditor(monaco, editor),
    });
  }
}

/** Formats through executeEdits between undo stops, so one Ctrl+Z restores the text as typed. */
function formatEditor(monaco: MonacoApi, editor: Monaco.editor.IStandaloneCodeEditor) {
  const model = editor.getModel();
  if (!model || editor.getOption(monaco.editor.EditorOption.readOnly)) return;
  const result = formatModel(monaco, model);
  if (!result.ok) {
    showMessage(editor, `Cannot format: ${result.message}`);
    return;
  }
  if (!result.edit) return;
  editor.pushUndoStop();
  editor.executeEdits('assay.format', [{ ...result.edit, forceMoveMarkers: true }]);
  editor.pushUndoStop();
}

function insertAtCursor(monaco: MonacoApi, editor: Monaco.editor.IStandaloneCodeEditor, text: string) {
  const selection = editor.getSelection();
  if (!selection || editor.getOption(monaco.editor.EditorOption.readOnly)) return;
  editor.pushUndoStop();
  // The cursor lands after the inserted text: the inverse edit's range is exactly that text.
  editor.executeEdits('assay.insert', [{ range: selection, text, forceMoveMarkers: true }], (inverse) => {
    const end = inverse[0]?.range.getEndPosition();
    return end ? [new monaco.Selection(end.lineNumber, end.column, end.lineNumber, end.column)] : null;
  });
  editor.pushUndoStop();
  editor.focus();
}

function showError(monaco: MonacoApi, editor: Monaco.editor.IStandaloneCodeEditor, props: Props) {
  const model = editor.getModel();
  if (!model) return;
  const { errorLine, errorColumn, errorMessage } = props;
  const markers: Monaco.editor.IMarkerData[] = [];
  if (errorLine && errorMessage && errorLine <= model.getLineCount()) {
    const { startColumn, endColumn } = errorRange(model.getLineContent(errorLine), errorColumn ?? null);
    markers.push({ severity: monaco.MarkerSeverity.Error, message: errorMessage, startLineNumber: errorLine, endLineNumber: errorLine, startColumn, endColumn });
  }
  monaco.editor.setModelMarkers(model, 'duckdb', markers);
}

/** The small bubble Monaco itself uses for "Cannot edit in read-only editor". It is an editor
 * contribution without a public type, hence the check before the call. */
function showMessage(editor: Monaco.editor.IStandaloneCodeEditor, message: string) {
  const controller: unknown = editor.getContribution('editor.contrib.messageController');
  const position = editor.getPosition();
  if (position && hasShowMessage(controller)) controller.showMessage(message, position);
}

function hasShowMessage(value: unknown): value is { showMessage(message: string, position: Monaco.IPosition): void } {
  return typeof value === 'object' && value !== null && typeof (value as { showMessage?: unknown }).showMessage === 'function';
}
