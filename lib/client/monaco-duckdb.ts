import type * as Monaco from 'monaco-editor';
import { computeCompletions, type CompletionKind, type SchemaRelation, type SqlWords } from '@/lib/editor/completions';
import { duckdbLanguageConfiguration, duckdbMonarch } from '@/lib/editor/duckdb-monarch';
import { normalizeWords } from '@/lib/editor/duckdb-words';
import { formatSql, minimalEdit } from '@/lib/editor/format';
import type { MonacoApi } from './monaco';

/** Monaco's side of DuckDB SQL: the 'duckdb' language (highlighting from the engine's own word
 * lists), one completion provider fed by the live sandbox schema, and one formatter.
 *
 * Monaco's languages and providers are global to the page, not per editor, so everything here is
 * registered once and reads the module state below; editors only attach their models. Until the
 * workbench has asked the engine for its words, SQL editors use Monaco's built-in 'sql' language and
 * switch over when `registerDuckdbLanguage` runs. */

export const DUCKDB_LANGUAGE = 'duckdb';
/** Both: a model is 'sql' until DuckDB's words arrive; completion and formatting work in either. */
const SQL_LANGUAGES = ['sql', DUCKDB_LANGUAGE];

const state: {
  relations: readonly SchemaRelation[];
  words: SqlWords;
  languageRegistered: boolean;
  providersRegistered: boolean;
  tokensProvider: Monaco.IDisposable | null;
  models: Set<Monaco.editor.ITextModel>;
} = {
  relations: [],
  words: { keywords: [], functions: [], types: [] },
  languageRegistered: false,
  providersRegistered: false,
  tokensProvider: null,
  models: new Set(),
};

/** The schema completion offers: sources and models of the live sandbox with their columns. */
export function setCompletionSchema(relations: readonly SchemaRelation[]): void {
  state.relations = relations.map((r) => ({ ...r, columns: [...r.columns] }));
}

/** The language id a SQL editor should use right now. */
export function sqlLanguageId(): string {
  return state.languageRegistered ? DUCKDB_LANGUAGE : 'sql';
}

/** Registers (once) or refreshes the 'duckdb' language with the engine's keywords, functions and
 * types, and moves every attached SQL model onto it. */
export function registerDuckdbLanguage(monaco: MonacoApi, words: SqlWords): void {
  state.words = normalizeWords(words);
  ensureSqlSupport(monaco);
  if (!state.languageRegistered) {
    monaco.languages.register({ id: DUCKDB_LANGUAGE, aliases: ['DuckDB SQL', 'duckdb'] });
    monaco.languages.setLanguageConfiguration(DUCKDB_LANGUAGE, duckdbLanguageConfiguration);
    state.languageRegistered = true;
  }
  state.tokensProvider?.dispose();
  state.tokensProvider = monaco.languages.setMonarchTokensProvider(DUCKDB_LANGUAGE, duckdbMonarch(state.words));
  for (const model of state.models) {
    if (!model.isDisposed() && model.getLanguageId() === 'sql') monaco.editor.setModelLanguage(model, DUCKDB_LANGUAGE);
  }
}

/** Lets a SQL editor's model follow the switch from 'sql' to 'duckdb'. */
export function attachSqlModel(model: Monaco.editor.ITextModel): void {
  state.models.add(model);
  model.onWillDispose(() => state.models.delete(model));
}

/** The completion and formatting providers, registered once per page for both SQL language ids. */
export function ensureSqlSupport(monaco: MonacoApi): void {
  if (state.providersRegistered) return;
  state.providersRegistered = true;
  const kinds: Record<CompletionKind, Monaco.languages.CompletionItemKind> = {
    relation: monaco.languages.CompletionItemKind.Struct,
    column: monaco.languages.CompletionItemKind.Field,
    keyword: monaco.languages.CompletionItemKind.Keyword,
    function: monaco.languages.CompletionItemKind.Function,
    type: monaco.languages.CompletionItemKind.TypeParameter,
  };
  monaco.languages.registerCompletionItemProvider(SQL_LANGUAGES, {
    triggerCharacters: ['.'],
    provideCompletionItems(model, position) {
      const { from, items } = computeCompletions({
        text: model.getValue(),
        offset: model.getOffsetAt(position),
        relations: state.relations,
        words: state.words,
      });
      const start = model.getPositionAt(from);
      const range = new monaco.Range(start.lineNumber, start.column, position.lineNumber, position.column);
      return {
        suggestions: items.map((item) => ({
          label: item.label,
          kind: kinds[item.kind],
          detail: item.detail,
          insertText: item.insertText,
          filterText: item.label,
          sortText: item.sortText,
          range,
        })),
      };
    },
  });
  monaco.languages.registerDocumentFormattingEditProvider(SQL_LANGUAGES, {
    displayName: 'sql-formatter (DuckDB)',
    provideDocumentFormattingEdits(model) {
      const result = formatModel(monaco, model);
      return result.ok && result.edit ? [result.edit] : [];
    },
  });
}

export type ModelFormat = { ok: true; edit: Monaco.languages.TextEdit | null } | { ok: false; message: string };

/** The edit that formats a model's SQL (null when it is already formatted), as one minimal
 * replacement so the cursor outside the changed text stays put. */
export function formatModel(monaco: MonacoApi, model: Monaco.editor.ITextModel): ModelFormat {
  const before = model.getValue();
  const result = formatSql(before);
  if (!result.ok) return result;
  const edit = minimalEdit(before, result.text);
  if (!edit) return { ok: true, edit: null };
  const start = model.getPositionAt(edit.start);
  const end = model.getPositionAt(edit.end);
  return { ok: true, edit: { range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column), text: edit.text } };
}
