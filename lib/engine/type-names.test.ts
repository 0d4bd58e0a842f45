import { describe, expect, it } from 'vitest';
import { parseTypeName } from './type-names';

describe('parseTypeName', () => {
  it('reads ENUM labels, quotes included', () => {
    expect(parseTypeName(`ENUM('sad', 'it''s, ok')`)).toEqual({ name: `ENUM('sad', 'it''s, ok')`, labels: ['sad', "it's, ok"] });
  });

  it('follows lists, arrays, structs and maps down to their leaves', () => {
    const tree = parseTypeName(`STRUCT("a b" ENUM('x')[], c MAP(VARCHAR, DECIMAL(18,3)[2]))`);
    expect(tree.children?.[0]).toEqual({ name: `ENUM('x')[]`, children: [{ name: `ENUM('x')`, labels: ['x'] }] });
    expect(tree.children?.[1]?.children?.map((child) => child.name)).toEqual(['VARCHAR', 'DECIMAL(18,3)[2]']);
  });

  it('keeps multi-word names whole', () => {
    expect(parseTypeName('TIMESTAMP WITH TIME ZONE')).toEqual({ name: 'TIMESTAMP WITH TIME ZONE' });
  });
});
