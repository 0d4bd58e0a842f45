import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedSelect, maskExpression, policyOfContract, type MaskingPolicy } from './policies';
import { pseudonymise, purposeKey } from './pseudonymise';
import { registerMaskingFunctions } from './udf';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

describe('pseudonymise', () => {
  it('is keyed: the same value and purpose give the same pseudonym, another purpose or secret another', () => {
    const key = purposeKey(SECRET, 'customers.customer_id');
    expect(pseudonymise(key, 42n, 'id')).toBe(pseudonymise(key, '42', 'id'));
    expect(pseudonymise(key, 42n, 'id')).not.toBe(pseudonymise(purposeKey(SECRET, 'orders.order_id'), 42n, 'id'));
    expect(pseudonymise(key, 42n, 'id')).not.toBe(pseudonymise(purposeKey(`${SECRET}!`, 'customers.customer_id'), 42n, 'id'));
  });

  it('looks like the type: positive BIGINT ids, email-shaped emails, short tokens', () => {
    const key = purposeKey(SECRET, 'p');
    const id = pseudonymise(key, 1n, 'id');
    expect(typeof id).toBe('bigint');
    expect(id as bigint).toBeGreaterThan(0n);
    expect(id as bigint).toBeLessThan(2n ** 63n);
    expect(pseudonymise(key, 'ada@example.com', 'email')).toMatch(/^[a-z2-7]{12}@[a-z2-7]{6}\.invalid$/);
    expect(pseudonymise(key, 'Ada Lovelace', 'text')).toMatch(/^[a-z2-7]{16}$/);
  });

  it('refuses a short secret or an empty purpose', () => {
    expect(() => purposeKey('short', 'p')).toThrow(/at least 32 characters/);
    expect(() => purposeKey(SECRET, '')).toThrow(/purpose label/);
  });
});

describe('masking policies on the native engine', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    registerMaskingFunctions(connection, SECRET);
    await connection.run(`CREATE TABLE people AS SELECT * FROM (VALUES
      (1::BIGINT, 'ada@example.com', 'Ada Lovelace', DATE '2024-03-15', TIMESTAMP '2024-03-15 10:11:12', 37::INTEGER, 12.34::DECIMAL(12,2)),
      (2::BIGINT, NULL, 'Al', DATE '2024-12-31', TIMESTAMP '2024-12-31 23:59:59', 5::INTEGER, 99.99::DECIMAL(12,2))
    ) t(id, email, name, born, seen_at, age, amount)`);
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  const COLUMNS = {
    id: 'BIGINT',
    email: 'VARCHAR',
    name: 'VARCHAR',
    born: 'DATE',
    seen_at: 'TIMESTAMP',
    age: 'INTEGER',
    amount: 'DECIMAL(12,2)',
  } as const;

  async function masked(column: keyof typeof COLUMNS, policy: MaskingPolicy) {
    const expression = maskExpression({ name: column, type: COLUMNS[column] }, policy);
    const reader = await connection.runAndReadAll(`SELECT ${expression} AS v, typeof(${expression}) AS t FROM people ORDER BY id`);
    const rows = reader.getRowsJson();
    return { values: rows.map((r) => r[0]), type: rows[0]?.[1] };
  }

  it.each<[keyof typeof COLUMNS, MaskingPolicy, unknown[], string]>([
    ['name', { kind: 'keep' }, ['Ada Lovelace', 'Al'], 'VARCHAR'],
    ['name', { kind: 'redact' }, ['[redacted]', '[redacted]'], 'VARCHAR'],
    ['email', { kind: 'redact' }, ['[redacted]', null], 'VARCHAR'],
    ['age', { kind: 'redact' }, [null, null], 'INTEGER'],
    ['email', { kind: 'partial', leading: 2, trailing: 4 }, ['ad*********.com', null], 'VARCHAR'],
    ['name', { kind: 'partial', leading: 1, trailing: 1 }, ['A**********e', '**'], 'VARCHAR'],
    ['age', { kind: 'partial', leading: 1, trailing: 0 }, ['3*', '*'], 'VARCHAR'],
    ['born', { kind: 'generalise' }, ['2024-03-01', '2024-12-01'], 'DATE'],
    ['seen_at', { kind: 'generalise' }, ['2024-03-01 00:00:00', '2024-12-01 00:00:00'], 'TIMESTAMP'],
    ['age', { kind: 'generalise', bucket: 10 }, [30, 0], 'INTEGER'],
    ['amount', { kind: 'generalise', bucket: 50 }, ['0.00', '50.00'], 'DECIMAL(12,2)'],
    ['email', { kind: 'null' }, [null, null], 'VARCHAR'],
    ['born', { kind: 'null' }, [null, null], 'DATE'],
  ])('%s with %j', async (column, policy, values, type) => {
    expect(await masked(column, policy)).toEqual({ values, type });
  });

  it('pseudonymises ids to BIGINTs that stay joinable across tables with the same purpose', async () => {
    const policy: MaskingPolicy = { kind: 'pseudonymise', purpose: 'customers.customer_id' };
    const { values, type } = await masked('id', policy);
    expect(type).toBe('BIGINT');
    const key = purposeKey(SECRET, 'customers.customer_id');
    expect(values).toEqual([String(pseudonymise(key, 1n, 'id')), String(pseudonymise(key, 2n, 'id'))]);
    const expression = maskExpression({ name: 'customer_id', type: 'BIGINT' }, policy);
    const joined = await connection.runAndReadAll(`WITH orders AS (SELECT 1::BIGINT AS customer_id UNION ALL SELECT 1 UNION ALL SELECT 2)
      SELECT count(*) FROM (SELECT ${maskExpression({ name: 'id', type: 'BIGINT' }, policy)} AS k FROM people) c JOIN (SELECT ${expression} AS k FROM orders) o USING (k)`);
    expect(joined.getRowsJson()).toEqual([['3']]);
  });

  it('pseudonymises emails to email-shaped text, text to tokens, and keeps NULL', async () => {
    const emails = await masked('email', { kind: 'pseudonymise', purpose: 'customers.email', shape: 'email' });
    expect(emails.values[0]).toMatch(/^[a-z2-7]{12}@[a-z2-7]{6}\.invalid$/);
    expect(emails.values[1]).toBeNull();
    const names = await masked('name', { kind: 'pseudonymise', purpose: 'customers.full_name' });
    expect(names.values.every((v) => typeof v === 'string' && /^[a-z2-7]{16}$/.test(v))).toBe(true);
  });

  it('drops a column from the masked select', async () => {
    expect(maskExpression({ name: 'email', type: 'VARCHAR' }, { kind: 'drop' })).toBeNull();
    const sql = maskedSelect('people', [
      { name: 'id', type: 'BIGINT', policy: { kind: 'pseudonymise', purpose: 'people.id' } },
      { name: 'email', type: 'VARCHAR', policy: { kind: 'drop' } },
      { name: 'name', type: 'VARCHAR', policy: { kind: 'redact' } },
    ]);
    const reader = await connection.runAndReadAll(sql);
    expect(reader.columnNames()).toEqual(['id', 'name']);
    expect(JSON.stringify(reader.getRowsJson())).not.toMatch(/ada|Lovelace/i);
  });

  it('refuses a policy that does not fit the type, and a bad length', () => {
    expect(() => maskExpression({ name: 'name', type: 'VARCHAR' }, { kind: 'generalise' })).toThrow(/generalise applies to dates, timestamps and numbers, not VARCHAR/);
    expect(() => maskExpression({ name: 'name', type: 'VARCHAR' }, { kind: 'partial', leading: -1, trailing: 0 })).toThrow(/leading must be a whole number/);
    expect(() => maskedSelect('people', [{ name: 'id', type: 'BIGINT', policy: { kind: 'drop' } }])).toThrow(/every column is dropped/);
  });

  it('maps the catalog contract masking rules to policies', () => {
    expect(policyOfContract('customers', { name: 'email', masking: 'hash', generator: { kind: 'email' } })).toEqual({ kind: 'pseudonymise', purpose: 'customers.email', shape: 'email' });
    expect(policyOfContract('customers', { name: 'full_name', masking: 'redact' })).toEqual({ kind: 'redact' });
    expect(policyOfContract('customers', { name: 'country', masking: 'none' })).toEqual({ kind: 'keep' });
  });
});
