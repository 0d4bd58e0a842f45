import { describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import { analyzeLineage } from './analyze';
import { sensitivityOf } from './sensitivity';
import type { LineageSource } from './types';

const customers: LineageSource = {
  name: 'customers',
  columns: [
    { name: 'customer_id', type: 'BIGINT', sensitivity: 'internal', masking: 'none' },
    { name: 'email', type: 'VARCHAR', sensitivity: 'pii', masking: 'hash' },
    { name: 'full_name', type: 'VARCHAR', sensitivity: 'pii', masking: 'redact' },
    { name: 'api_key', type: 'VARCHAR', sensitivity: 'secret', masking: 'hash' },
    { name: 'country', type: 'VARCHAR', sensitivity: 'public', masking: 'none' },
  ],
};

async function carried(models: { name: string; sql: string }[], model: string) {
  const engine = await createNativeEngine();
  try {
    const lineage = await analyzeLineage(engine, { sources: [customers], models });
    const of = sensitivityOf(lineage);
    const columns = lineage.models.find((m) => m.model === model)!.columns;
    return Object.fromEntries(columns.map((c) => [c.name, of(model, c.name).map((x) => `${x.sensitivity} ${x.path}${x.unknown ? ' ?' : ''}`)]));
  } finally {
    await engine.close();
  }
}

describe('sensitivity along column lineage', () => {
  it('flows along direct lineage through models, naming the path', async () => {
    expect(
      await carried(
        [
          { name: 'stage', sql: 'select customer_id, email as contact, country from customers' },
          { name: 'report', sql: 'select contact, count(*) as n from stage where country = \'DE\' group by contact' },
        ],
        'report',
      ),
    ).toEqual({ contact: ['pii customers.email → stage.contact → report.contact'], n: [] });
  });

  it('is cleared by md5/sha256 only where the column’s masking rule is hash', async () => {
    expect(await carried([{ name: 'm', sql: 'select md5(email) as e, sha256(full_name) as f, sha256(api_key) as k, email is null as no_email from customers' }], 'm')).toEqual({
      e: [],
      f: ['pii customers.full_name → m.f'],
      k: [],
      no_email: ['pii customers.email → m.no_email'],
    });
  });

  it('does not flow along indirect lineage: filters, join keys and counts', async () => {
    expect(await carried([{ name: 'm', sql: "select country, count(distinct email) as people from customers where full_name like 'A%' group by country" }], 'm')).toEqual({ country: [], people: [] });
  });

  it('fails closed: a column the analysis cannot resolve carries every sensitive column its model reads', async () => {
    const result = await carried([{ name: 'm', sql: "select * from (pivot customers on country in ('DE') using count(*) group by email)" }], 'm');
    expect(Object.values(result).flat()).toContain('pii customers.email → m.email ?');
    expect(Object.values(result).flat()).toContain('secret customers.api_key → m.email ?');
  });

  it('fails closed when DuckDB cannot even serialize the SQL: it may read anything', async () => {
    const engine = await createNativeEngine();
    try {
      const lineage = await analyzeLineage(engine, { sources: [customers], models: [{ name: 'pivoted', sql: 'pivot customers on country using count(*)' }] });
      expect(lineage.models[0]).toMatchObject({ model: 'pivoted', verified: false, readsUnknown: true });
      const carried = sensitivityOf(lineage)('pivoted', 'DE').map((c) => `${c.path} ${c.unknown}`);
      expect(carried).toEqual(['customers.api_key → pivoted.DE true', 'customers.email → pivoted.DE true', 'customers.full_name → pivoted.DE true']);
    } finally {
      await engine.close();
    }
  });
});
