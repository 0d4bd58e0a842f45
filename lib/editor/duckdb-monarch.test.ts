import { compile } from 'monaco-editor/editor/standalone/common/monarch/monarchCompile.js';
import { MonarchTokenizer } from 'monaco-editor/editor/standalone/common/monarch/monarchLexer.js';
import { describe, expect, it } from 'vitest';
import { duckdbMonarch } from './duckdb-monarch';

const words = { keywords: ['select', 'from', 'where', 'as', 'union', 'null'], functions: ['sum', 'left'], types: ['integer', 'varchar', 'union', 'null'] };

/** Runs text through Monaco's own Monarch lexer (stub services: no theme, no embedded languages)
 * and prints each token as `text:type`, one line per source line. */
function highlight(text: string): string[] {
  const lexer = compile('duckdb', duckdbMonarch(words));
  const noop = { dispose() {} };
  const tokenizer = new MonarchTokenizer(
    { languageIdCodec: { encodeLanguageId: () => 1 }, isRegisteredLanguageId: () => false },
    { getColorTheme: () => ({ tokenTheme: {} }), onDidColorThemeChange: () => noop },
    'duckdb',
    lexer,
    { getValue: () => 10_000, onDidChangeConfiguration: () => noop },
  );
  let state = tokenizer.getInitialState();
  return text.split('\n').map((line) => {
    const { tokens, endState } = tokenizer.tokenize(line, true, state);
    state = endState;
    return tokens
      .map((t, i) => [line.slice(t.offset, tokens[i + 1]?.offset ?? line.length), t.type.replace(/\.sql$/, '')])
      .filter(([, type]) => type !== 'white')
      .map(([piece, type]) => `${piece}:${type}`)
      .join(' ');
  });
}

describe('DuckDB highlighting', () => {
  it('colours keywords, types, functions, literals and quoted identifiers', () => {
    expect(highlight(`SELECT sum(x)::INTEGER AS "Total $", 'it''s' FROM t WHERE y = 0x1F OR z = 1.5e3`)).toEqual([
      'SELECT:keyword sum:predefined (:delimiter.parenthesis x:identifier ):delimiter.parenthesis :::operator INTEGER:type AS:keyword ":variable.quote Total $:variable ":variable.quote ,:delimiter \'it\'\'s\':string FROM:keyword t:identifier WHERE:keyword y:identifier =:operator 0x1F:number.hex OR:identifier z:identifier =:operator 1.5e3:number',
    ]);
  });

  it('calls a name a function only when a parenthesis follows', () => {
    expect(highlight('select sum, left(a, 1) from t')).toEqual([
      'select:keyword sum:identifier ,:delimiter left:predefined (:delimiter.parenthesis a:identifier ,:delimiter 1:number ):delimiter.parenthesis from:keyword t:identifier',
    ]);
  });

  it('reads a reserved word that is also a type name as the keyword', () => {
    expect(highlight('select null union select 1::varchar')).toEqual([
      'select:keyword null:keyword union:keyword select:keyword 1:number :::operator varchar:type',
    ]);
  });

  it('carries block comments, strings and $$ strings across lines', () => {
    expect(highlight("/* one\ntwo */ select 'a\nb' , $$x\ny$$ -- done")).toEqual([
      '/*:comment.quote  one:comment',
      'two :comment */:comment.quote select:keyword \'a:string',
      "b':string ,:delimiter $$x:string",
      'y$$:string -- done:comment',
    ]);
  });

  it('marks parameters', () => {
    expect(highlight('select $1, $name, ?')).toEqual(['select:keyword $1:variable.predefined ,:delimiter $name:variable.predefined ,:delimiter ?:variable.predefined']);
  });
});
