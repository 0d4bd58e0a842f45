import { describe, expect, it } from 'vitest';
import { refusal } from './refusals';
import { describeStatement, leadingKeyword, splitStatements } from './statements';

describe('splitStatements', () => {
  it.each([
    ['one statement, no semicolon', 'SELECT 1', ['SELECT 1']],
    ['trailing semicolons and blanks are dropped', 'SELECT 1;;  ;\n', ['SELECT 1']],
    ['several statements', 'SELECT setseed(0.42); SELECT random()', ['SELECT setseed(0.42)', 'SELECT random()']],
    ['semicolon in a string', "SELECT 'a;b'; SELECT 2", ["SELECT 'a;b'", 'SELECT 2']],
    ['doubled quote inside a string', "SELECT 'it''s; fine'", ["SELECT 'it''s; fine'"]],
    ['backslash escape in an E-string', "SELECT E'it\\'s; fine'; SELECT 2", ["SELECT E'it\\'s; fine'", 'SELECT 2']],
    ['backslash is literal in a plain string', "SELECT 'C:\\'; SELECT 2", ["SELECT 'C:\\'", 'SELECT 2']],
    ['semicolon in a quoted identifier', 'SELECT 1 AS "a;b"; SELECT 2', ['SELECT 1 AS "a;b"', 'SELECT 2']],
    ['dollar-quoted body', 'SELECT $$a;b$$; SELECT $tag$c;$$;d$tag$', ['SELECT $$a;b$$', 'SELECT $tag$c;$$;d$tag$']],
    ['line comment', 'SELECT 1 -- no; split here\n; SELECT 2', ['SELECT 1 -- no; split here', '\nSELECT 2']],
    ['each statement keeps its line', 'SELECT 1;\n\n  SELECT 2;\nSELECT\n3', ['SELECT 1', '\n\nSELECT 2', '\n\n\nSELECT\n3']],
    ['nested block comment', 'SELECT /* a /* b; */ c; */ 1; SELECT 2', ['SELECT /* a /* b; */ c; */ 1', 'SELECT 2']],
    ['a piece holding only a comment is dropped', 'SELECT 1; -- done', ['SELECT 1']],
    ['positional parameters are not dollar quotes', 'SELECT $1; SELECT 2', ['SELECT $1', 'SELECT 2']],
    ['nothing but comments', '-- nothing\n/* at all */', []],
  ])('%s', (_name, sql, expected) => {
    expect(splitStatements(sql)).toEqual(expected);
  });
});

describe('leadingKeyword', () => {
  it('skips whitespace and comments and upper-cases the word', () => {
    expect(leadingKeyword('  -- c\n /* d */ attach x')).toBe('ATTACH');
    expect(leadingKeyword('(SELECT 1)')).toBe('(');
    expect(leadingKeyword(' -- only a comment')).toBeNull();
  });
});

describe('describeStatement', () => {
  it('describes queries only', () => {
    expect(describeStatement('WITH t AS (SELECT 1) FROM t')).toBe('DESCRIBE WITH t AS (SELECT 1) FROM t');
    expect(describeStatement('SET threads = 1')).toBeNull();
    expect(describeStatement('CREATE TABLE t AS SELECT 1')).toBeNull();
  });
});

describe('refusal', () => {
  it.each([
    ["ATTACH ':memory:' AS x", 'Permission Error: ATTACH is disabled: notebooks work on in-memory tables only'],
    ['/* sneaky */ detach x', 'Permission Error: DETACH is disabled: notebooks work on in-memory tables only'],
    ['INSTALL icu', 'Permission Error: INSTALL is disabled: Assay engines use only their built-in extensions'],
    ['FORCE INSTALL icu', 'Permission Error: FORCE INSTALL is disabled: Assay engines use only their built-in extensions'],
    ['load icu', 'Permission Error: LOAD is disabled: Assay engines use only their built-in extensions'],
  ])('refuses %s', (sql, message) => {
    expect(refusal(sql)?.message).toBe(message);
  });

  it('lets queries through, even when they mention a refused word', () => {
    expect(refusal("SELECT 'ATTACH' AS load")).toBeNull();
  });
});
