import { describe, expect, it } from 'vitest';
import type { ArtifactContent } from '@/lib/artifact/schema';
import { createNativeEngine } from '@/lib/engine/native';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import type { Cell } from '@/lib/notebook/schema';
import { DEMO_DATASETS } from '@/lib/server/demo/catalog';
import { NotebookRunner } from '@/lib/notebook/runner';
import { runChecks } from '@/lib/quality/checks';
import { buildSandbox } from '@/lib/samples/sandbox';
import { defaultSandboxSpec, type SyntheticSpec } from '@/lib/synth';
import { diffModel, keyFor, runSideBySide, type ModelDataDiff, type SideBySide } from './data-diff';

const SPEC: SyntheticSpec = { ...defaultSandboxSpec(DEMO_DATASETS, 11), rows: { customers: 300, products: 50, orders: 1_500 } };

type Version = Pick<ArtifactContent, 'cells' | 'sandbox'>;
const version = (cells: Cell[], spec: SyntheticSpec = SPEC): Version => ({ cells, sandbox: { spec, datasets: DEMO_DATASETS, tables: {} } });

const DELIVERED: Cell = { id: 'c_delivered', kind: 'sql', name: 'delivered', source: "select order_id, customer_id, currency\nfrom orders\nwhere status = 'delivered'" };
const revenue = (columns = 'sum(i.quantity * i.unit_price) as revenue, count(*) as lines'): Cell => ({
  id: 'c_revenue',
  kind: 'sql',
  name: 'revenue',
  source: `select d.customer_id, d.currency, ${columns}\nfrom delivered d join order_items i on i.order_id = d.order_id\ngroup by all`,
});
const uniqueOn = (columns: string[]): Cell => ({ id: 'c_checks', kind: 'check', model: 'revenue', checks: [{ id: 'k_uq', kind: 'unique', columns }] });

const PRODUCTION = version([DELIVERED, revenue(), uniqueOn(['customer_id', 'currency'])]);

/** Each side by side gets a fresh single-threaded engine, as the promotion job does; `inspect` reads the
 * tables it left behind to compute the expected numbers independently. */
async function sideBySide<T>(
  production: Version,
  candidate: Version,
  inspect: (result: SideBySide, sql: (text: string) => Promise<unknown[][]>) => Promise<T> | T,
  engine: Promise<Engine> = createNativeEngine({ threads: 1 }),
): Promise<T> {
  const server = await engine;
  try {
    const result = await runSideBySide(server, production, candidate);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    return await inspect(result, async (text) => (await server.query(text, { exactTypes: false })).rows);
  } finally {
    await server.close();
  }
}

const count = async (sql: (text: string) => Promise<unknown[][]>, text: string) => Number((await sql(text))[0]![0]);
const model = (result: SideBySide, name: string): ModelDataDiff => result.models.find((m) => m.name === name)!;

describe('runSideBySide on native DuckDB', () => {
  it('finds nothing between identical versions', async () => {
    await sideBySide(PRODUCTION, PRODUCTION, async (result, sql) => {
      expect(result).toMatchObject({ status: 'ok', production: { error: null }, candidate: { error: null }, error: null, addedModels: [], removedModels: [] });
      expect(result.models.map((m) => m.name)).toEqual(['delivered', 'revenue']);
      const delivered = model(result, 'delivered');
      const rows = await count(sql, "select count(*) from orders where status = 'delivered'");
      expect(rows).toBeGreaterThan(500);
      expect(delivered.rowCounts).toEqual({ production: rows, candidate: rows, delta: 0 });
      expect(delivered.rows).toEqual({
        mode: 'rows',
        onlyInCandidate: 0,
        onlyInProduction: 0,
        byColumn: null,
        samples: { onlyInCandidate: { columns: ['order_id', 'customer_id', 'currency'], rows: [] }, onlyInProduction: { columns: ['order_id', 'customer_id', 'currency'], rows: [] } },
      });
      const rev = model(result, 'revenue');
      expect(rev.columns).toEqual({ compared: ['customer_id', 'currency', 'revenue', 'lines'], onlyInProduction: [], onlyInCandidate: [], retyped: [] });
      expect(rev.keyFallback).toBeNull();
      expect(rev.rows).toMatchObject({ mode: 'key', key: ['customer_id', 'currency'], added: 0, removed: 0, changed: 0, byColumn: { revenue: 0, lines: 0 } });
      expect(rev.rows.mode === 'key' && rev.rows.unchanged).toBe(rev.rowCounts.production);
    });
  });

  it('counts and samples the keys a filtering candidate removes', async () => {
    const candidate = version([{ ...DELIVERED, source: `${DELIVERED.kind === 'sql' ? DELIVERED.source : ''} and currency <> 'GBP'` }, revenue(), uniqueOn(['customer_id', 'currency'])]);
    await sideBySide(PRODUCTION, candidate, async (result, sql) => {
      expect(result).toMatchObject({ status: 'ok', production: { error: null }, candidate: { error: null }, error: null });
      const delivered = model(result, 'delivered');
      const gbpOrders = await count(sql, "select count(*) from orders where status = 'delivered' and currency = 'GBP'");
      expect(gbpOrders).toBeGreaterThan(0);
      expect(delivered.rowCounts.delta).toBe(-gbpOrders);
      expect(delivered.rows).toMatchObject({ mode: 'rows', onlyInCandidate: 0, onlyInProduction: gbpOrders });

      const rev = model(result, 'revenue');
      const gbpGroups = await count(sql, "select count(*) from __prod_revenue where currency = 'GBP'");
      expect(rev.rows).toMatchObject({ mode: 'key', added: 0, removed: gbpGroups, changed: 0 });
      if (rev.rows.mode !== 'key') throw new Error('keyed');
      expect(rev.rows.samples.added.rows).toEqual([]);
      expect(rev.rows.samples.removed.columns).toEqual(['customer_id', 'currency', 'revenue', 'lines']);
      // The five smallest removed keys, rendered by DuckDB.
      const expected = await sql("select customer_id::varchar, currency, revenue::varchar, lines::varchar from __prod_revenue where currency = 'GBP' order by customer_id limit 5");
      expect(rev.rows.samples.removed.rows).toEqual(expected);
    });
  });

  it('counts changed rows and changed values per column exactly', async () => {
    const candidate = version([
      DELIVERED,
      revenue(
        "sum(i.quantity * i.unit_price * case when d.currency = 'USD' then 2 else 1 end) as revenue,\n" +
          'count(*) + (min(d.customer_id) % 3 = 0)::bigint as lines',
      ),
      uniqueOn(['customer_id', 'currency']),
    ]);
    await sideBySide(PRODUCTION, candidate, async (result, sql) => {
      expect(result).toMatchObject({ status: 'ok', production: { error: null }, candidate: { error: null }, error: null });
      const rev = model(result, 'revenue');
      expect(rev.columns.retyped).toEqual([]);
      const [changed, lines, revenueChanged, total] = (
        await sql(
          "select count(*) filter (where customer_id % 3 = 0 or (currency = 'USD' and revenue <> 0)), count(*) filter (where customer_id % 3 = 0), " +
            "count(*) filter (where currency = 'USD' and revenue <> 0), count(*) from __prod_revenue",
        )
      )[0]!.map(Number);
      expect(lines).toBeGreaterThan(0);
      expect(revenueChanged).toBeGreaterThan(0);
      expect(rev.rows).toMatchObject({ mode: 'key', added: 0, removed: 0, changed, unchanged: total! - changed!, byColumn: { revenue: revenueChanged, lines } });
      if (rev.rows.mode !== 'key') throw new Error('keyed');
      expect(rev.rows.samples.changed).toHaveLength(5);
      for (const row of rev.rows.samples.changed) {
        const id = Number(row.key.customer_id);
        expect(Object.keys(row.changes).sort()).toEqual([...(row.key.currency === 'USD' ? ['revenue'] : []), ...(id % 3 === 0 ? ['lines'] : [])].sort());
        if (row.changes.lines) expect(Number(row.changes.lines.after)).toBe(Number(row.changes.lines.before) + 1);
        if (row.changes.revenue) expect(Number(row.changes.revenue.after)).toBeCloseTo(2 * Number(row.changes.revenue.before), 2);
      }
      // The first changed keys, in key order.
      const first = await sql(
        "select customer_id::varchar, currency from __prod_revenue where customer_id % 3 = 0 or (currency = 'USD' and revenue <> 0) order by customer_id, currency limit 5",
      );
      expect(rev.rows.samples.changed.map((row) => [row.key.customer_id, row.key.currency])).toEqual(first);
    });
  });

  it('lists added, dropped and retyped columns and compares only the shared ones', async () => {
    const candidate = version([DELIVERED, revenue('count(*)::integer as lines, avg(i.quantity) as avg_quantity'), uniqueOn(['customer_id', 'currency'])]);
    await sideBySide(PRODUCTION, candidate, (result) => {
      const rev = model(result, 'revenue');
      expect(rev.columns).toEqual({
        compared: ['customer_id', 'currency', 'lines'],
        onlyInProduction: ['revenue'],
        onlyInCandidate: ['avg_quantity'],
        retyped: [{ name: 'lines', production: 'BIGINT', candidate: 'INTEGER' }],
      });
      // BIGINT 3 and INTEGER 3 render alike: nothing changed in the compared columns.
      expect(rev.rows).toMatchObject({ mode: 'key', added: 0, removed: 0, changed: 0, byColumn: { lines: 0 } });
    });
  });

  it('falls back to EXCEPT ALL when the declared key is not unique, and says why', async () => {
    const candidate = version([{ ...DELIVERED, source: `${DELIVERED.kind === 'sql' ? DELIVERED.source : ''} and currency <> 'GBP'` }, revenue(), uniqueOn(['customer_id'])]);
    await sideBySide(PRODUCTION, candidate, async (result, sql) => {
      const rev = model(result, 'revenue');
      const [rows, distinct] = (await sql('select count(*), count(distinct customer_id) from __prod_revenue'))[0]!.map(Number);
      expect(rows).toBeGreaterThan(distinct!);
      expect(rev.keyFallback).toBe(`the key (customer_id) is not unique in production: ${rows} rows, ${distinct} distinct keys`);
      const gbpGroups = await count(sql, "select count(*) from __prod_revenue where currency = 'GBP'");
      expect(rev.rows).toMatchObject({ mode: 'rows', onlyInCandidate: 0, onlyInProduction: gbpGroups, byColumn: null });
      if (rev.rows.mode !== 'rows') throw new Error('multiset');
      expect(rev.rows.samples.onlyInProduction.rows).toHaveLength(5);
      expect(rev.rows.samples.onlyInProduction.rows.every((row) => row[1] === 'GBP')).toBe(true);
    });
  });

  it('names the side and cell that failed, with DuckDB’s message, and still diffs what both built', async () => {
    const candidate = version([DELIVERED, revenue('sum(i.no_such_column) as revenue'), uniqueOn(['customer_id', 'currency'])]);
    await sideBySide(PRODUCTION, candidate, (result) => {
      expect(result.status).toBe('error');
      expect(result.production.error).toBeNull();
      expect(result.error).toBeNull();
      expect(result.candidate.error).toMatch(/^candidate cell c_revenue \(model revenue\): Binder Error: .*no_such_column/);
      expect(result.models.map((m) => m.name)).toEqual(['delivered']);
    });
    const broken = version([{ ...DELIVERED, source: 'select * from no_such_table' }, revenue()]);
    await sideBySide(broken, PRODUCTION, (result) => {
      expect(result.status).toBe('error');
      expect(result.production.error).toMatch(/^production cell c_delivered \(model delivered\): Catalog Error: Table with name no_such_table does not exist/);
      expect(result.candidate.error).toBeNull();
      expect(result.models).toEqual([]);
    });
  });

  it('refuses a candidate that reads production’s renamed tables', async () => {
    const candidate = version([DELIVERED, { id: 'c_peek', kind: 'sql', name: 'peek', source: 'select * from __prod_delivered' }]);
    await sideBySide(PRODUCTION, candidate, (result) => {
      expect(result.candidate.error).toBe('candidate cell c_peek (model peek): reads __prod_delivered, a table that exists only inside the data diff');
      expect(result.models).toEqual([]);
    });
  });

  it('lists a model only one side defines with its row count', async () => {
    const legacy: Cell = { id: 'c_legacy', kind: 'sql', name: 'legacy', source: 'select customer_id from customers where customer_id % 2 = 0' };
    const big: Cell = { id: 'c_big', kind: 'sql', name: 'big_spenders', source: 'select customer_id from revenue where revenue > 500' };
    await sideBySide(version([...PRODUCTION.cells, legacy]), version([...PRODUCTION.cells, big]), async (result, sql) => {
      expect(result).toMatchObject({ status: 'ok', production: { error: null }, candidate: { error: null }, error: null });
      expect(result.models.map((m) => m.name)).toEqual(['delivered', 'revenue']);
      expect(result.addedModels).toEqual([{ name: 'big_spenders', rowCount: await count(sql, 'select count(*) from revenue where revenue > 500') }]);
      expect(result.removedModels).toEqual([{ name: 'legacy', rowCount: await count(sql, 'select count(*) from customers where customer_id % 2 = 0') }]);
    });
  });

  it('gives the same result on the sandbox a replay left in the engine as on a fresh engine', async () => {
    const candidate = version([{ ...DELIVERED, source: `${DELIVERED.kind === 'sql' ? DELIVERED.source : ''} and currency <> 'GBP'` }, revenue(), uniqueOn(['customer_id', 'currency'])]);
    const fresh = await sideBySide(PRODUCTION, candidate, (result) => result);
    const engine = await createNativeEngine({ threads: 1 });
    try {
      // What the gate job's replay leaves behind: the sandbox, and the candidate's models and checks run.
      const { tables } = await buildSandbox(engine, candidate.sandbox.datasets, candidate.sandbox.spec);
      await new NotebookRunner(async () => engine, runChecks).run(candidate.cells, new Set(tables.map((t) => t.name)), { targets: 'all', downstream: false });
      const reused = await runSideBySide(
        engine,
        PRODUCTION,
        candidate,
        tables.map((t) => t.name),
      );
      const { elapsedMs: _fresh, ...expected } = fresh;
      const { elapsedMs: _reused, ...actual } = reused;
      expect(actual).toEqual(expected);
      expect(model(reused, 'delivered').rows).toMatchObject({ mode: 'rows', onlyInCandidate: 0 });
      expect(model(reused, 'delivered').rowCounts.delta).toBeLessThan(0);
    } finally {
      await engine.close();
    }
  });

  it('diffs models of 250,000 rows without reading them: no query may return over 100 rows', async () => {
    const big = (filter: string, doubled: string): Cell[] => [
      { id: 'c_big', kind: 'sql', name: 'big', source: `select i as id, i % 1000 as bucket, ${doubled} as doubled from range(250000) t(i) ${filter}` },
      { id: 'c_big_rows', kind: 'sql', name: 'big_rows', source: 'select bucket, doubled from big' },
      { id: 'c_uq', kind: 'check', model: 'big', checks: [{ id: 'k_uq', kind: 'unique', columns: ['id'] }] },
    ];
    const engine = createNativeEngine({ threads: 1, maxResultRows: 100 });
    await sideBySide(
      version(big('', 'i * 2')),
      version(big('where i < 240000', 'case when i % 10 = 0 then i * 2 + 1 else i * 2 end')),
      async (result, sql) => {
        await expect(sql('select * from big')).rejects.toThrow(/more than 100 rows/);
        expect(result).toMatchObject({ status: 'ok', error: null });
        const keyed = model(result, 'big');
        expect(keyed.rowCounts).toEqual({ production: 250_000, candidate: 240_000, delta: -10_000 });
        expect(keyed.rows).toMatchObject({ mode: 'key', added: 0, removed: 10_000, changed: 24_000, unchanged: 216_000, byColumn: { bucket: 0, doubled: 24_000 } });
        if (keyed.rows.mode !== 'key') throw new Error('keyed');
        expect(keyed.rows.samples.removed.rows.map((row) => row[0])).toEqual(['240000', '240001', '240002', '240003', '240004']);
        expect(keyed.rows.samples.changed[0]).toEqual({ key: { id: '0' }, changes: { doubled: { before: '0', after: '1' } } });
        // Without a key a changed row is one row gone and another added.
        expect(model(result, 'big_rows').rows).toMatchObject({ mode: 'rows', onlyInCandidate: 24_000, onlyInProduction: 34_000 });
      },
      engine,
    );
  });
});

describe('diffModel', () => {
  const tables = async (engine: Engine, production: string, candidate: string) => {
    await engine.query(`create table prod as select * from (values ${production}) v(k, x)`);
    await engine.query(`create table cand as select * from (values ${candidate}) v(k, x)`);
  };

  it('diffs duplicate rows as multisets', async () => {
    const engine = await createNativeEngine({ threads: 1 });
    try {
      await tables(engine, "(1, 'a'), (1, 'a'), (2, 'b')", "(1, 'a'), (2, 'b'), (2, 'b'), (3, 'c')");
      const diff = await diffModel(engine, { name: 'm', production: 'prod', candidate: 'cand', key: ['k'] });
      expect(diff.keyFallback).toBe('the key (k) is not unique in production: 3 rows, 2 distinct keys');
      expect(diff.rows).toEqual({
        mode: 'rows',
        onlyInCandidate: 2,
        onlyInProduction: 1,
        byColumn: null,
        samples: { onlyInCandidate: { columns: ['k', 'x'], rows: [['2', 'b'], ['3', 'c']] }, onlyInProduction: { columns: ['k', 'x'], rows: [['1', 'a']] } },
      });
    } finally {
      await engine.close();
    }
  });

  it('matches a NULL key to a NULL key, and says so when a key column is missing', async () => {
    const engine = await createNativeEngine({ threads: 1 });
    try {
      await tables(engine, "(1, 'a'), (NULL, 'b'), (3, 'c')", "(1, 'a'), (NULL, 'B'), (4, 'd')");
      const diff = await diffModel(engine, { name: 'm', production: 'prod', candidate: 'cand', key: ['k'] });
      expect(diff.rows).toEqual({
        mode: 'key',
        key: ['k'],
        added: 1,
        removed: 1,
        changed: 1,
        unchanged: 1,
        byColumn: { x: 1 },
        samples: {
          added: { columns: ['k', 'x'], rows: [['4', 'd']] },
          removed: { columns: ['k', 'x'], rows: [['3', 'c']] },
          changed: [{ key: { k: null }, changes: { x: { before: 'b', after: 'B' } } }],
        },
      });
      const missing = await diffModel(engine, { name: 'm', production: 'prod', candidate: 'cand', key: ['id'] });
      expect(missing.keyFallback).toBe('the key column id is not in both versions');
      expect(missing.rows).toMatchObject({ mode: 'rows', onlyInCandidate: 2, onlyInProduction: 2 });
    } finally {
      await engine.close();
    }
  });
});

describe('keyFor', () => {
  const cells: Cell[] = [
    { id: 'c_a', kind: 'check', model: 'other', checks: [{ id: 'k0', kind: 'unique', columns: ['id'] }] },
    {
      id: 'c_b',
      kind: 'check',
      model: 'revenue',
      checks: [
        { id: 'k1', kind: 'not_null', column: 'customer_id' },
        { id: 'k2', kind: 'unique', columns: ['customer_id', 'region'] },
        { id: 'k3', kind: 'unique', columns: ['customer_id', 'currency'] },
      ],
    },
  ];
  const columns = (...names: string[]) => names.map((name) => ({ name }));

  it('takes the first unique check on the model whose columns both sides have, else null', () => {
    const both = columns('customer_id', 'currency', 'revenue');
    expect(keyFor({ cells }, 'revenue', { production: both, candidate: [...both, { name: 'region' }] })).toEqual(['customer_id', 'currency']);
    expect(keyFor({ cells }, 'revenue', { production: [...both, { name: 'region' }], candidate: [...both, { name: 'region' }] })).toEqual(['customer_id', 'region']);
    expect(keyFor({ cells }, 'revenue', { production: columns('customer_id'), candidate: both })).toBeNull();
    expect(keyFor({ cells }, 'delivered', { production: both, candidate: both })).toBeNull();
  });
});

describe('both engines agree', () => {
  it('gives the same side by side on DuckDB-WASM as on native DuckDB', async () => {
    const candidate = version([
      { ...DELIVERED, source: `${DELIVERED.kind === 'sql' ? DELIVERED.source : ''} and order_id % 7 <> 0` },
      revenue('sum(i.quantity * i.unit_price) as revenue, count(*) + (min(d.customer_id) % 3 = 0)::bigint as lines, max(i.line_no) as last_line'),
      uniqueOn(['customer_id', 'currency']),
    ]);
    const withoutTime = ({ elapsedMs: _, ...result }: SideBySide) => result;
    const native = await sideBySide(PRODUCTION, candidate, withoutTime);
    const wasm = await sideBySide(PRODUCTION, candidate, withoutTime, createWasmNodeEngine());
    expect(native).toMatchObject({ status: 'ok', candidate: { error: null }, error: null });
    const rev = model(native as SideBySide, 'revenue');
    expect(rev.columns.onlyInCandidate).toEqual(['last_line']);
    expect(rev.rows.mode === 'key' && rev.rows.removed > 0 && rev.rows.changed > 0).toBe(true);
    expect(wasm).toEqual(native);
  });
});
