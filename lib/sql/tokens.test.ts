import { describe, expect, it } from 'vitest';
import { codeTokens } from './tokens';

describe('code tokens', () => {
  it('keeps strings, quoted identifiers and comments out of the words', () => {
    const tokens = codeTokens(`select 'now()' as "current_date", E'it\\'s random()' /* now() /* nested */ today() */ -- uuid()\n, $q$ setseed(1) $q$, x::int`);
    expect(tokens.filter((t) => t.kind === 'word').map((t) => t.text)).toEqual(['select', 'as', 'x', 'int']);
    expect(tokens.find((t) => t.kind === 'quoted')).toMatchObject({ kind: 'quoted', value: 'current_date', line: 1 });
    expect(tokens.filter((t) => t.kind === 'string')).toHaveLength(3);
    expect(tokens.at(-1)).toMatchObject({ kind: 'word', text: 'int', line: 2 });
  });

  it('counts lines across multi-line strings and comments', () => {
    const tokens = codeTokens("'a\nb'\n/* c\nd */ e\n\"f\ng\" h");
    expect(tokens.map((t) => t.line)).toEqual([1, 4, 5, 6]);
  });

  it('ends at an unterminated string or comment without looping', () => {
    expect(codeTokens("select 'open").map((t) => t.kind)).toEqual(['word', 'string']);
    expect(codeTokens('select /* open').map((t) => t.kind)).toEqual(['word']);
    expect(codeTokens('select "open').at(-1)).toMatchObject({ kind: 'quoted', value: 'open' });
  });
});
