import { describe, expect, it } from 'vitest';
import { compareArtifacts } from './compare';
import { exampleArtifact } from './example';

describe('compareArtifacts', () => {
  it('finds nothing between an artifact and itself', () => {
    const { content } = exampleArtifact();
    const comparison = compareArtifacts(content, content);
    expect(comparison.cells.every((c) => c.status === 'same' && c.hunks.length === 0)).toBe(true);
    expect(comparison.models.map((m) => [m.name, m.status, m.sameData])).toEqual([
      ['paid_orders', 'same', true],
      ['repeat_buyers', 'same', true],
    ]);
    expect(comparison.sameInput).toBe(true);
  });

  it('shows changed code as a line diff, added and removed cells, and schema, row-count and data changes', () => {
    const from = exampleArtifact().content;
    const to = exampleArtifact().content;
    const orders = to.cells[1]!;
    if (orders.kind !== 'sql') throw new Error('expected the SQL cell');
    orders.source = orders.source.replace("'paid'", "'paid'\n  and amount > 0");
    to.cells = to.cells.filter((c) => c.id !== 'c_chart');
    to.cells.push({ id: 'c_new', kind: 'markdown', source: 'More to do.' });
    const repeat = to.models[1]!;
    repeat.schema = [{ name: 'customer_id', type: 'BIGINT' }, { name: 'orders', type: 'INTEGER' }, { name: 'first_order', type: 'DATE' }];
    repeat.rowCount = 600;
    repeat.fingerprint = 'fp1:other';
    to.models = [repeat];
    to.sandbox.spec.seed = 43;

    const comparison = compareArtifacts(from, to);
    const byId = Object.fromEntries(comparison.cells.map((c) => [c.id, c]));
    expect(byId.c_orders?.status).toBe('changed');
    expect(byId.c_orders?.hunks[0]?.lines).toEqual([
      ' select order_id, customer_id, amount, ordered_at',
      ' from orders',
      " where status = 'paid'",
      '+  and amount > 0',
    ]);
    expect(byId.c_chart?.status).toBe('removed');
    expect(byId.c_new?.status).toBe('added');
    expect(byId.c_intro?.status).toBe('same');
    expect(comparison.models).toEqual([
      {
        name: 'repeat_buyers',
        status: 'changed',
        columns: [
          { column: 'orders', change: 'type', from: 'BIGINT', to: 'INTEGER' },
          { column: 'first_order', change: 'added', type: 'DATE' },
          { column: 'spent', change: 'removed', type: 'DECIMAL(38,2)' },
        ],
        rows: { from: 655, to: 600 },
        sameData: false,
      },
      { name: 'paid_orders', status: 'removed', columns: [], rows: { from: 4_102, to: null }, sameData: false },
    ]);
    expect(comparison.sameInput).toBe(false);
  });

  it('names a renamed model cell by both names', () => {
    const from = exampleArtifact().content;
    const to = exampleArtifact().content;
    const cell = to.cells[2]!;
    if (cell.kind !== 'sql') throw new Error('expected the SQL cell');
    cell.name = 'loyal_buyers';
    expect(compareArtifacts(from, to).cells.find((c) => c.id === 'c_repeat')).toMatchObject({ status: 'changed', label: 'model repeat_buyers → loyal_buyers', hunks: [] });
  });

  it('lists check changes in words and result changes such as fail → pass', () => {
    const from = exampleArtifact().content;
    const to = exampleArtifact().content;
    from.checks[1] = { ...from.checks[1]!, status: 'fail', failing: 3 };
    const checks = to.cells.find((c) => c.id === 'c_checks')!;
    if (checks.kind !== 'check') throw new Error('expected the check cell');
    checks.checks = [
      { id: 'k_uq', kind: 'unique', columns: ['customer_id'] },
      { id: 'k_rc', kind: 'row_count', min: 1, max: null },
    ];
    to.checks = [
      { cellId: 'c_checks', checkId: 'k_uq', kind: 'unique', label: 'customer_id is unique', status: 'pass', failing: 0 },
      { cellId: 'c_checks', checkId: 'k_rc', kind: 'row_count', label: 'at least 1 row', status: 'pass', failing: 0 },
    ];
    const comparison = compareArtifacts(from, to);
    const read = comparison.checks.map((c) => [c.checkId, c.change, c.from?.label ?? null, c.to?.label ?? null, `${c.from?.status ?? '—'} → ${c.to?.status ?? '—'}`, c.resultChanged]);
    expect(read).toEqual([
      ['k_uq', 'same', 'customer_id is unique', 'customer_id is unique', 'fail → pass', true],
      ['k_rc', 'added', null, comparison.checks[1]!.to!.label, '— → pass', false],
      ['k_nn', 'removed', 'customer_id is not null', null, 'pass → —', false],
    ]);
    expect(comparison.checks[1]!.to!.label).toMatch(/1/);
  });
});
