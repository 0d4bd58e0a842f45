import type * as Monaco from 'monaco-editor';
import type { SqlWords } from './completions';
import { RESERVED_KEYWORDS } from './identifiers';

/** The 'duckdb' language for Monaco as plain data: bracket and comment rules, and a Monarch
 * tokenizer whose keyword, function and type lists are DuckDB's own (duckdb-words.ts). */

export const duckdbLanguageConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '--', blockComment: ['/*', '*/'] },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
    { open: "'", close: "'", notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
    { open: "'", close: "'" },
  ],
};

/** Token names follow Monaco's own 'sql' language (postfix '.sql'), so the stock themes colour them:
 * keywords, types, functions (a word followed by `(`), strings, numbers, comments, parameters, and
 * quoted identifiers as variables. */
export function duckdbMonarch(words: SqlWords): Monaco.languages.IMonarchLanguage {
  // A type name DuckDB also reserves (UNION, NULL) reads as the keyword; INTEGER or TIMESTAMP as a type.
  const types = words.types.filter((t) => !RESERVED_KEYWORDS.has(t));
  return {
    defaultToken: '',
    tokenPostfix: '.sql',
    ignoreCase: true,
    keywords: words.keywords,
    functions: words.functions,
    types,
    brackets: [
      { open: '[', close: ']', token: 'delimiter.square' },
      { open: '(', close: ')', token: 'delimiter.parenthesis' },
      { open: '{', close: '}', token: 'delimiter.curly' },
    ],
    tokenizer: {
      root: [
        [/\s+/, 'white'],
        [/--.*$/, 'comment'],
        [/\/\*/, { token: 'comment.quote', next: '@blockComment' }],
        [/'/, { token: 'string', next: '@string' }],
        [/\$\$/, { token: 'string', next: '@dollarString' }],
        [/"/, { token: 'variable.quote', next: '@quotedIdentifier' }],
        [/0x[0-9a-f]+/, 'number.hex'],
        [/(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?/, 'number'],
        [/\$\d+|\$[a-z_]\w*|\?/, 'variable.predefined'],
        [/[a-z_][\w$]*(?=\s*\()/, { cases: { '@functions': 'predefined', '@types': 'type', '@keywords': 'keyword', '@default': 'identifier' } }],
        [/[a-z_][\w$]*/, { cases: { '@types': 'type', '@keywords': 'keyword', '@default': 'identifier' } }],
        [/[()[\]{}]/, '@brackets'],
        [/[<>=!%&+\-*/|~^:@#]+/, 'operator'],
        [/[;,.]/, 'delimiter'],
      ],
      blockComment: [
        [/[^*/]+/, 'comment'],
        [/\*\//, { token: 'comment.quote', next: '@pop' }],
        [/[*/]/, 'comment'],
      ],
      string: [
        [/[^']+/, 'string'],
        [/''/, 'string'],
        [/'/, { token: 'string', next: '@pop' }],
      ],
      dollarString: [
        [/[^$]+/, 'string'],
        [/\$\$/, { token: 'string', next: '@pop' }],
        [/\$/, 'string'],
      ],
      quotedIdentifier: [
        [/[^"]+/, 'variable'],
        [/""/, 'variable'],
        [/"/, { token: 'variable.quote', next: '@pop' }],
      ],
    },
  };
}
