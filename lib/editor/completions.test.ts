import { describe, expect, it } from 'vitest';
import { computeCompletions, relationsInStatement, type SchemaRelation, type SqlWords } from './completions';
import { tokenize } from '@/lib/sql/tokens';

const relations: SchemaRelation[] = [
  {
    name: 'orders',
    kind: 'source',
    columns: [
      { name: 'order_id', type: 'INTEGER' },
      { name: 'customer_id', type: 'INTEGER' },
      { name: 'amount', type: 'DECIMAL(18,2)' },
    ],
  },
  {
    name: 'customers',
    kind: 'source',
    columns: [
      { name: 'customer_id', type: 'INTEGER' },
      { name: 'Full Name', type: 'VARCHAR' },
    ],
  },
  { name: 'revenue', kind: 'model', columns: [{ name: 'total', type: 'DOUBLE' }] },
];
const words: SqlWords = { keywords: ['select', 'from', 'where', 'join'], functions: ['sum', 'count'], types: ['integer', 'varchar'] };

/** `|` marks the cursor. Returns the items as `kind label (detail)` lines, best first (Monaco orders
 * equally good matches by sortText). */
function suggest(textWithCursor: string, limit = 100): { from: number; prefix: string; lines: string[] } {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const { from, items } = computeCompletions({ text, offset, relations, words });
  const lines = [...items]
    .sort((a, b) => a.sortText.localeCompare(b.sortText))
    .slice(0, limit)
    .map((i) => `${i.kind} ${i.label}${i.insertText !== i.label ? ` => ${i.insertText}` : ''} (${i.detail})`);
  return { from, prefix: text.slice(from, offset), lines };
}

describe('completions', () => {
  it('puts the columns of the relations the statement reads first, then relations, keywords and functions', () => {
    expect(suggest('SELECT | FROM orders').lines).toMatchInlineSnapshot(`
      [
        "column order_id (INTEGER · orders)",
        "column customer_id (INTEGER · orders)",
        "column amount (DECIMAL(18,2) · orders)",
        "relation orders (source · 3 columns)",
        "relation customers (source · 2 columns)",
        "relation revenue (model · 1 column)",
        "keyword FROM (keyword)",
        "keyword JOIN (keyword)",
        "keyword SELECT (keyword)",
        "keyword WHERE (keyword)",
        "function count (function)",
        "function sum (function)",
        "column Full Name => "Full Name" (VARCHAR · customers)",
        "column total (DOUBLE · revenue)",
      ]
    `);
  });

  it('names every joined relation a shared column comes from, once', () => {
    const { lines } = suggest('SELECT cu| FROM orders o JOIN customers c ON o.customer_id = c.customer_id', 5);
    expect(lines).toEqual([
      'column order_id (INTEGER · orders)',
      'column customer_id (INTEGER · orders, customers)',
      'column amount (DECIMAL(18,2) · orders)',
      'column Full Name => "Full Name" (VARCHAR · customers)',
      'relation orders (source · 3 columns)',
    ]);
  });

  it('replaces the word being typed', () => {
    expect(suggest('SELECT amo| FROM orders')).toMatchObject({ from: 7, prefix: 'amo' });
    expect(suggest('SELECT amount, | FROM orders')).toMatchObject({ from: 15, prefix: '' });
  });

  it('offers relations first after FROM, JOIN and a comma in a FROM list, and no columns there', () => {
    for (const text of ['SELECT * FROM |', 'SELECT * FROM ord|', 'SELECT * FROM orders o JOIN |', 'SELECT * FROM orders o, |', 'FROM |']) {
      const { lines } = suggest(text);
      expect(lines.slice(0, 3), text).toEqual(['relation orders (source · 3 columns)', 'relation customers (source · 2 columns)', 'relation revenue (model · 1 column)']);
      expect(lines.some((l) => l.startsWith('column')), text).toBe(false);
    }
  });

  it('treats a comma in a SELECT list or inside a function call as a place for columns', () => {
    expect(suggest('SELECT a, | FROM orders').lines[0]).toBe('column order_id (INTEGER · orders)');
    expect(suggest('SELECT * FROM orders WHERE coalesce(amount, |)').lines[0]).toBe('column order_id (INTEGER · orders)');
  });

  it('completes alias. and relation. with that relation’s columns only, in table order', () => {
    const sql = 'SELECT o.| FROM orders o JOIN customers c USING (customer_id)';
    expect(suggest(sql).lines).toEqual(['column order_id (INTEGER · orders)', 'column customer_id (INTEGER · orders)', 'column amount (DECIMAL(18,2) · orders)']);
    expect(suggest('SELECT c.fu| FROM orders o JOIN customers AS c USING (customer_id)')).toMatchObject({
      prefix: 'fu',
      lines: ['column customer_id (INTEGER · customers)', 'column Full Name => "Full Name" (VARCHAR · customers)'],
    });
    expect(suggest('SELECT revenue.|').lines).toEqual(['column total (DOUBLE · revenue)']);
    expect(suggest('SELECT "Revenue".|').lines).toEqual(['column total (DOUBLE · revenue)']);
  });

  it('offers nothing after an unknown qualifier (a struct field, a schema name)', () => {
    expect(suggest('SELECT s.| FROM orders').lines).toEqual([]);
    expect(suggest('SELECT 1.|').lines).toEqual([]);
  });

  it('offers nothing inside strings, quoted identifiers, comments and numbers', () => {
    for (const text of ["SELECT 'abc|' FROM orders", "SELECT 'abc|", 'SELECT "Full |', 'SELECT 1 -- note |', 'SELECT /* |', 'SELECT 12|']) {
      expect(suggest(text).lines, text).toEqual([]);
    }
    expect(suggest('SELECT /* c */ |').lines.length).toBeGreaterThan(0);
    expect(suggest("SELECT 'a' |").lines.length).toBeGreaterThan(0);
  });

  it('looks only at the statement under the cursor', () => {
    const { lines } = suggest('SELECT * FROM customers;\nSELECT | FROM orders', 1);
    expect(lines).toEqual(['column order_id (INTEGER · orders)']);
  });

  it('writes keywords in the case the user started in', () => {
    expect(suggest('SELECT * FROM orders wh|').lines).toContain('keyword where (keyword)');
    expect(suggest('SELECT * FROM orders WH|').lines).toContain('keyword WHERE (keyword)');
  });

  it('offers type names after ::', () => {
    expect(suggest('SELECT amount::| FROM orders').lines).toEqual(['type INTEGER (type)', 'type VARCHAR (type)']);
    expect(suggest('SELECT amount::var| FROM orders').lines).toEqual(['type integer (type)', 'type varchar (type)']);
  });

  it('quotes relation and column names that are not plain identifiers', () => {
    const odd: SchemaRelation[] = [{ name: 'order', kind: 'model', columns: [{ name: 'select', type: 'INTEGER' }] }];
    const { items } = computeCompletions({ text: 'SELECT  FROM "order"', offset: 7, relations: odd, words });
    expect(items.filter((i) => i.kind !== 'keyword' && i.kind !== 'function').map((i) => i.insertText)).toEqual(['"select"', '"order"']);
  });
});

describe('relationsInStatement', () => {
  const scope = (sql: string) => relationsInStatement(tokenize(sql), relations).map((s) => `${s.relation.name}${s.alias ? ` as ${s.alias}` : ''}`);

  it.each([
    ['SELECT * FROM orders', ['orders']],
    ['SELECT * FROM main.orders o', ['orders as o']],
    ['SELECT * FROM orders AS o LEFT JOIN customers c ON true', ['orders as o', 'customers as c']],
    ['SELECT * FROM orders, customers AS c, revenue', ['orders', 'customers as c', 'revenue']],
    ['FROM ORDERS SELECT *', ['orders']],
    ['SELECT * FROM "Orders" "my orders"', ['orders as my orders']],
    ['SELECT * FROM orders o(a, b, c) WHERE a > 1', ['orders as o']],
    ['SELECT * FROM orders WHERE customer_id IN (SELECT customer_id FROM customers)', ['orders', 'customers']],
    ['SELECT * FROM range(10) r, unknown_table u', []],
    ['SELECT * FROM (SELECT * FROM revenue) sub', ['revenue']],
    ['SELECT * FROM orders ASOF JOIN revenue USING (x)', ['orders', 'revenue']],
  ])('%s', (sql, expected) => {
    expect(scope(sql)).toEqual(expected);
  });
});
