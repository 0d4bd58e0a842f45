import { describe, expect, it } from 'vitest';
import { parseTypeName, readTypeName } from './type-names';

describe('parseTypeName', () => {
  it('reads ENUM labels, quotes included', () => {
    expect(parseTypeName(`ENUM('sad', 'it''s, ok')`)).toEqual({ name: `ENUM('sad', 'it''s, ok')`, keyword: 'ENUM', args: `('sad', 'it''s, ok')`, labels: ['sad', "it's, ok"] });
  });

  it('follows lists, arrays, structs and maps down to their leaves, with field names', () => {
    const tree = parseTypeName(`STRUCT("a b" ENUM('x')[], c MAP(VARCHAR, DECIMAL(18,3)[2]))`);
    expect(tree.fields).toEqual(['a b', 'c']);
    expect(tree.children?.[0]).toEqual({ name: `ENUM('x')[]`, keyword: 'LIST', children: [{ name: `ENUM('x')`, keyword: 'ENUM', args: `('x')`, labels: ['x'] }] });
    expect(tree.children?.[1]?.children?.map((child) => child.name)).toEqual(['VARCHAR', 'DECIMAL(18,3)[2]']);
  });

  it('keeps multi-word names whole', () => {
    expect(parseTypeName('TIMESTAMP WITH TIME ZONE')).toEqual({ name: 'TIMESTAMP WITH TIME ZONE', keyword: 'TIMESTAMP WITH TIME ZONE' });
  });

  it('gives a leaf for a name it cannot read, where readTypeName throws', () => {
    for (const bad of ['STRUCT(a INTEGER', 'MAP(VARCHAR)', 'INTEGER[', 'STRUCT("a INTEGER)', 'INTEGER) x']) {
      expect(parseTypeName(bad)).toEqual({ name: bad, keyword: bad.toUpperCase() });
      expect(() => readTypeName(bad)).toThrow(/type name/);
    }
  });
});
