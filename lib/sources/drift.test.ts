import { describe, expect, it } from 'vitest';
import type { ColumnContract } from '@/lib/contracts/schema';
import { driftVerdict, schemaDrift } from './drift';

const column = (name: string, type: string): ColumnContract => ({ name, type, nullable: true, description: '', sensitivity: 'internal', masking: 'none' });
const seen = (name: string, duckdbType: string) => ({ name, sourceType: duckdbType.toLowerCase(), duckdbType, nullable: true });

describe('schema drift', () => {
  it('names added, dropped and retyped columns; type aliases are not drift', () => {
    const changes = schemaDrift(
      [column('id', 'int'), column('amount', 'DECIMAL(10, 2)'), column('note', 'VARCHAR'), column('at', 'TIMESTAMPTZ')],
      [seen('id', 'INTEGER'), seen('amount', 'DOUBLE'), seen('at', 'TIMESTAMP WITH TIME ZONE'), seen('extra', 'BIGINT')],
    );
    expect(changes).toEqual([
      { kind: 'retyped', column: 'amount', contractType: 'DECIMAL(10, 2)', sourceType: 'DOUBLE' },
      { kind: 'dropped', column: 'note' },
      { kind: 'added', column: 'extra', type: 'BIGINT' },
    ]);
  });

  it('blocks anything under block, only non-additive changes under additive', () => {
    const added = [{ kind: 'added', column: 'x', type: 'INTEGER' }] as const;
    const dropped = [{ kind: 'dropped', column: 'x' }] as const;
    expect(driftVerdict('block', [])).toBe('publish');
    expect(driftVerdict('block', added)).toBe('blocked');
    expect(driftVerdict('additive', added)).toBe('publish');
    expect(driftVerdict('additive', [...added, ...dropped])).toBe('blocked');
  });
});
