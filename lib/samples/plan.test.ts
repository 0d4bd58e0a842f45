import { describe, expect, it } from 'vitest';
import type { ColumnContract, DatasetContract } from '@/lib/contracts/schema';
import { createNativeEngine } from '@/lib/engine/native';
import { planSample, type SampleInput } from './plan';

const column = (name: string, type: string, extra: Partial<ColumnContract> = {}): ColumnContract => ({ name, type, nullable: false, description: name, sensitivity: 'internal', masking: 'none', ...extra });
const contract = (columns: ColumnContract[]): DatasetContract => ({ description: 'd', retentionDays: null, freshnessSlaHours: null, columns });
const ref = (dataset: string, col: string) => ({ generator: { kind: 'reference' as const, dataset, column: col } });

const PARENTS: SampleInput = {
  name: 'parents',
  from: 'src_parents',
  columns: [{ name: 'id', type: 'BIGINT' }, { name: 'email', type: 'VARCHAR' }],
  contract: contract([column('id', 'BIGINT'), column('email', 'VARCHAR', { sensitivity: 'pii', masking: 'redact' })]),
  primaryKey: ['id'],
};
const KINDS: SampleInput = { name: 'kinds', from: 'src_kinds', columns: [{ name: 'kind_id', type: 'INTEGER' }], contract: contract([column('kind_id', 'INTEGER')]), primaryKey: ['kind_id'] };
const CHILDREN: SampleInput = {
  name: 'children',
  from: 'src_children',
  columns: [{ name: 'id', type: 'BIGINT' }, { name: 'parent_id', type: 'BIGINT' }, { name: 'kind_id', type: 'INTEGER' }, { name: 'extra', type: 'VARCHAR' }],
  contract: contract([column('id', 'BIGINT'), column('parent_id', 'BIGINT', ref('parents', 'id')), column('kind_id', 'INTEGER', ref('kinds', 'kind_id'))]),
  primaryKey: ['id'],
};
const options = (rate: number, seed = 1) => ({ rate, seed, rowsTable: (n: string) => `rows_${n}`, maskedTable: (n: string) => `masked_${n}` });

describe('planSample', () => {
  it('keeps referential integrity: children of sampled parents, and every parent a kept child references', async () => {
    const engine = await createNativeEngine();
    try {
      await engine.query(`CREATE TABLE src_parents AS SELECT range AS id, 'p' || range || '@x.test' AS email FROM range(1, 2001);
        CREATE TABLE src_kinds AS SELECT range::INTEGER AS kind_id FROM range(1, 501);
        CREATE TABLE src_children AS SELECT range AS id, 1 + range % 2000 AS parent_id, (1 + range % 500)::INTEGER AS kind_id, 'x' AS extra FROM range(1, 20001)`);
      const plan = planSample([CHILDREN, PARENTS, KINDS], options(0.1));
      expect(plan.masked.map((m) => m.name)).toEqual(['parents', 'kinds', 'children']);
      for (const statement of plan.statements) await engine.query(statement, { exactTypes: false });
      const counts = await engine.query(
        `SELECT (SELECT count(*) FROM masked_parents), (SELECT count(*) FROM masked_children),
                (SELECT count(*) FROM masked_children WHERE parent_id NOT IN (SELECT id FROM rows_parents)),
                (SELECT count(*) FROM masked_children WHERE kind_id NOT IN (SELECT kind_id FROM masked_kinds)),
                (SELECT count(*) FROM masked_parents WHERE email <> '[redacted]'),
                (SELECT count(*) FROM masked_kinds)`,
        { exactTypes: false },
      );
      const [parents, children, danglingParent, danglingKind, unmasked, kinds] = counts.rows[0]!.map(Number);
      expect(parents).toBeGreaterThan(150);
      expect(parents).toBeLessThan(250);
      expect(children).toBe(parents! * 10);
      expect([danglingParent, danglingKind, unmasked]).toEqual([0, 0, 0]);
      expect(kinds).toBeGreaterThan(0.1 * 500);
      const described = await engine.query('DESCRIBE masked_children', { exactTypes: false });
      expect(described.rows.map((r) => r[0])).toEqual(['id', 'parent_id', 'kind_id']);

      // The same seed draws the same rows; another seed other rows.
      const again = planSample([CHILDREN, PARENTS, KINDS], { ...options(0.1), rowsTable: (n) => `again_${n}`, maskedTable: (n) => `again_masked_${n}` });
      const other = planSample([CHILDREN, PARENTS, KINDS], { ...options(0.1, 2), rowsTable: (n) => `other_${n}`, maskedTable: (n) => `other_masked_${n}` });
      for (const statement of [...again.statements, ...other.statements]) await engine.query(statement, { exactTypes: false });
      const same = await engine.query(
        `SELECT (SELECT count(*) FROM (SELECT id FROM rows_parents EXCEPT SELECT id FROM again_parents)), (SELECT count(*) FROM (SELECT id FROM rows_parents EXCEPT SELECT id FROM other_parents))`,
        { exactTypes: false },
      );
      expect(Number(same.rows[0]![0])).toBe(0);
      expect(Number(same.rows[0]![1])).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
  });

  it('refuses, before anything runs, a cycle, a masked column the snapshot lacks, PII that would leave as it is, and a bad rate', () => {
    const a: SampleInput = { ...KINDS, name: 'a', contract: contract([column('kind_id', 'INTEGER', ref('b', 'kind_id'))]) };
    const b: SampleInput = { ...KINDS, name: 'b', contract: contract([column('kind_id', 'INTEGER', ref('a', 'kind_id'))]) };
    expect(() => planSample([a, b], options(0.5))).toThrow('the datasets reference each other in a cycle (a → b → a)');
    const dropped = { ...PARENTS, columns: [{ name: 'id', type: 'BIGINT' }] };
    expect(() => planSample([dropped], options(0.5))).toThrow('parents.email: the contract masks this column (redact) but the current snapshot has no such column');
    const raw = { ...PARENTS, contract: { ...PARENTS.contract, columns: [column('id', 'BIGINT'), column('email', 'VARCHAR', { sensitivity: 'pii' })] } };
    expect(() => planSample([raw], options(0.5))).toThrow('parents.email is pii and its contract masks nothing');
    expect(() => planSample([PARENTS], options(0))).toThrow('rate: more than 0 and at most 1');
    const secret = { ...PARENTS, unmasked: ['email'], contract: { ...PARENTS.contract, columns: [column('id', 'BIGINT'), column('email', 'VARCHAR', { sensitivity: 'secret', masking: 'redact' })] } };
    expect(() => planSample([secret], options(0.5))).toThrow('parents.email is secret: no exception lets it out of the warehouse unmasked');
    expect(planSample([{ ...PARENTS, unmasked: ['email'] }], options(0.5)).statements.at(-1)).toContain('"email" AS "email"');
    const generalisedText = { ...PARENTS, contract: { ...PARENTS.contract, columns: [column('id', 'BIGINT'), column('email', 'VARCHAR', { sensitivity: 'pii', masking: 'generalize' })] } };
    expect(() => planSample([generalisedText], options(0.5))).toThrow('email: generalise applies to dates, timestamps and numbers, not VARCHAR');
  });
});
