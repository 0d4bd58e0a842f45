// Monaco's Monarch compiler and lexer, reached by deep import so a unit test can run our tokenizer
// definition through the real thing in Node. Monaco ships no types for these paths; this declares
// only what the test calls.
declare module 'monaco-editor/editor/standalone/common/monarch/monarchCompile.js' {
  export function compile(languageId: string, json: unknown): unknown;
}

declare module 'monaco-editor/editor/standalone/common/monarch/monarchLexer.js' {
  export class MonarchTokenizer {
    constructor(languageService: unknown, themeService: unknown, languageId: string, lexer: unknown, configurationService: unknown);
    getInitialState(): unknown;
    tokenize(line: string, hasEOL: boolean, state: unknown): { tokens: { offset: number; type: string }[]; endState: unknown };
  }
}
