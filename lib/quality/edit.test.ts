import { describe, expect, it } from 'vitest';
import { CHECK_KINDS, checkableColumns, matchingColumn, newCheck, parseBounds, parsePredicate, parseValues, type CheckRelation } from './edit';
import { Check } from './schema';

const orders: CheckRelation = {
  name: 'orders',
  kind: 'model',
  columns: [
    { name: 'Order Total', type: 'DOUBLE' },
    { name: 'order_id', type: 'INTEGER' },
    { name: 'customer_id', type: 'INTEGER' },
  ],
};
const customers: CheckRelation = { name: 'customers', kind: 'source', columns: [{ name: 'id', type: 'INTEGER' }, { name: 'customer_id', type: 'INTEGER' }] };

describe('new checks', () => {
  it.each(CHECK_KINDS.map((k) => [k.kind]))('a new %s check is valid as soon as it is added', (kind) => {
    expect(Check.safeParse(newCheck(kind, 'c_1', 'orders', [orders, customers])).success).toBe(true);
    expect(Check.safeParse(newCheck(kind, 'c_1', 'orders', [])).success).toBe(true);
  });

  it("starts from the model's first column a check can name, and a target column named alike", () => {
    expect(newCheck('not_null', 'c_1', 'orders', [orders, customers])).toEqual({ id: 'c_1', kind: 'not_null', column: 'order_id' });
    expect(newCheck('relationships', 'c_1', 'orders', [orders, customers])).toEqual({
      id: 'c_1',
      kind: 'relationships',
      column: 'order_id',
      to: 'customers',
      toColumn: 'id',
    });
    expect(matchingColumn(customers, 'customer_id')).toBe('customer_id');
  });

  it('offers only columns the check schema accepts', () => {
    expect(checkableColumns(orders)).toEqual(['order_id', 'customer_id']);
    expect(checkableColumns(undefined)).toEqual([]);
  });
});

describe('parsing what the analyst types', () => {
  it('reads comma-separated values, trimmed, blanks dropped', () => {
    expect(parseValues(' placed, shipped ,, ')).toEqual({ ok: true, value: ['placed', 'shipped'] });
    expect(parseValues(' , ')).toEqual({ ok: false, problem: 'List at least one value, separated by commas' });
  });

  it('reads row count bounds, an empty input being an open bound', () => {
    expect(parseBounds('1', '')).toEqual({ ok: true, value: { min: 1, max: null } });
    expect(parseBounds('', '10')).toEqual({ ok: true, value: { min: null, max: 10 } });
    expect(parseBounds('', '')).toEqual({ ok: false, problem: 'row_count needs a minimum, a maximum or both' });
    expect(parseBounds('5', '2')).toEqual({ ok: false, problem: 'row_count minimum is above its maximum' });
    expect(parseBounds('1.5', '')).toEqual({ ok: false, problem: 'Row counts are whole numbers, 0 or more' });
    expect(parseBounds('-1', '')).toEqual({ ok: false, problem: 'Row counts are whole numbers, 0 or more' });
  });

  it('refuses an empty predicate', () => {
    expect(parsePredicate('amount >= 0')).toEqual({ ok: true, value: 'amount >= 0' });
    expect(parsePredicate('  ')).toEqual({ ok: false, problem: 'Write a SQL condition every row must satisfy' });
  });
});
