import { describe, expect, it } from 'vitest';
import { formatSql, minimalEdit } from './format';

describe('formatSql', () => {
  it('lays out DuckDB SQL and keeps the keyword case as written', () => {
    expect(formatSql('select a, sum(b) AS total from t group by all qualify row_number() over (partition by a) = 1')).toEqual({
      ok: true,
      text: 'select\n  a,\n  sum(b) AS total\nfrom\n  t\ngroup by all\nqualify\n  row_number() over (\n    partition by\n      a\n  ) = 1',
    });
  });

  it('understands DuckDB syntax: FROM-first, casts, lists, structs, lambdas, parameters', () => {
    const result = formatSql("from t select a::int, [1, 2], {'k': 1}, list_transform(l, x -> x + 1), $1, $name, ?");
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.text).toContain('$name');
  });

  it('keeps a trailing newline and leaves blank text alone', () => {
    expect(formatSql('select 1\n')).toEqual({ ok: true, text: 'select\n  1\n' });
    expect(formatSql('  \n')).toEqual({ ok: true, text: '  \n' });
  });

  it('returns a one-line message instead of throwing when it cannot parse the text', () => {
    expect(formatSql("select 'unterminated")).toEqual({ ok: false, message: 'Parse error: Unexpected "\'untermina" at line 1 column 8.' });
    const unbalanced = formatSql('select 1)');
    expect(unbalanced.ok).toBe(false);
    if (!unbalanced.ok) expect(unbalanced.message).toBe('Parse error at token: ) at line 1 column 9');
  });
});

describe('minimalEdit', () => {
  const apply = (before: string, after: string) => {
    const edit = minimalEdit(before, after);
    return edit ? before.slice(0, edit.start) + edit.text + before.slice(edit.end) : before;
  };

  it.each([
    ['select a from t', 'select\n  a\nfrom\n  t'],
    ['abc', 'abc'],
    ['', 'x'],
    ['x', ''],
    ['aaa', 'aa'],
    ['select  1', 'select 1'],
  ])('%j -> %j', (before, after) => {
    expect(apply(before, after)).toBe(after);
  });

  it('touches only the changed middle', () => {
    expect(minimalEdit('select  1 from t', 'select 1 from t')).toEqual({ start: 7, end: 8, text: '' });
    expect(minimalEdit('same', 'same')).toBeNull();
  });
});
