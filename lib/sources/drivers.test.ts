import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource, sourceErrorMessage } from './drivers';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import { scratchMysql, scratchPostgres, type ScratchSource } from './testing';

const SOURCES = {
  postgres: {
    open: scratchPostgres,
    ddl: `CREATE TABLE orders (id integer PRIMARY KEY, amount numeric(10,2) NOT NULL, note text, placed_at timestamptz, paid boolean)`,
    insert: `INSERT INTO orders SELECT g, g * 1.5, CASE WHEN g % 3 = 0 THEN NULL ELSE 'n' || g END, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 hour', g % 2 = 0 FROM generate_series(1, 25) g`,
    types: ['INTEGER', 'DECIMAL(10,2)', 'VARCHAR', 'TIMESTAMP WITH TIME ZONE', 'BOOLEAN'],
  },
  mysql: {
    open: scratchMysql,
    ddl: `CREATE TABLE orders (id int PRIMARY KEY, amount decimal(10,2) NOT NULL, note text, placed_at datetime, paid tinyint(1))`,
    insert: `INSERT INTO orders WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 25)
      SELECT n, n * 1.5, CASE WHEN n % 3 = 0 THEN NULL ELSE CONCAT('n', n) END, TIMESTAMP '2026-01-01 00:00:00' + INTERVAL n HOUR, n % 2 = 0 FROM g`,
    types: ['INTEGER', 'DECIMAL(10,2)', 'VARCHAR', 'TIMESTAMP', 'BOOLEAN'],
  },
} as const;

describe.each(Object.entries(SOURCES))('%s source driver', (_kind, spec) => {
  let scratch: ScratchSource;
  beforeAll(async () => {
    scratch = await spec.open();
    await scratch.exec(spec.ddl);
    await scratch.exec(spec.insert);
  });
  afterAll(() => scratch?.drop());

  it('introspects columns with their DuckDB types', async () => {
    const source = openSource(scratch.target);
    try {
      await source.ping();
      const columns = await source.columns({ schema: '', name: 'orders' });
      expect(columns.map((c) => [c.name, c.duckdbType, c.nullable])).toEqual([
        ['id', spec.types[0], false],
        ['amount', spec.types[1], false],
        ['note', spec.types[2], true],
        ['placed_at', spec.types[3], true],
        ['paid', spec.types[4], true],
      ]);
      expect(await source.columns({ schema: '', name: 'missing' })).toEqual([]);
      expect((await source.listTables()).map((t) => t.name)).toContain('orders');
    } finally {
      await source.close();
    }
  });

  it('reads rows as text in bounded batches, optionally from a cursor value', async () => {
    const source = openSource(scratch.target);
    try {
      const sizes: number[] = [];
      const rows: (string | null)[][] = [];
      for await (const batch of source.read({ table: { schema: '', name: 'orders' }, columns: ['id', 'note'], batchSize: 10 })) {
        sizes.push(batch.length);
        rows.push(...batch);
      }
      expect(sizes).toEqual([10, 10, 5]);
      expect(rows.find((r) => r[0] === '3')).toEqual(['3', null]);
      const since: (string | null)[][] = [];
      for await (const batch of source.read({ table: { schema: '', name: 'orders' }, columns: ['id'], since: { column: 'id', from: '21', duckdbType: 'INTEGER' } })) since.push(...batch);
      expect(since.map((r) => r[0]).sort()).toEqual(['21', '22', '23', '24', '25']);
    } finally {
      await source.close();
    }
  });

  it('fails with the database’s own message on an unreachable port and never shows the password', async () => {
    const source = openSource({ ...scratch.target, port: 1 });
    const error = await source.ping().then(() => null, (e: unknown) => e);
    await source.close().catch(() => {});
    const message = sourceErrorMessage(error, scratch.target.password);
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain(scratch.target.password);
  });
});

describe('PostgreSQL COPY as CSV into the warehouse', () => {
  it('keeps NULL apart from an empty string, and quotes, commas and newlines as they were', async () => {
    const scratch = await scratchPostgres();
    const warehouse = await openDuckdbWarehouse({ path: ':memory:', threads: 1 });
    const source = openSource(scratch.target);
    try {
      await scratch.exec(`CREATE TABLE notes (id integer, note text); INSERT INTO notes VALUES (1, NULL), (2, ''), (3, 'say "hi", then
leave'), (4, '""'), (5, ' ')`);
      const columns = [{ name: 'id', type: 'INTEGER' }, { name: 'note', type: 'VARCHAR' }];
      await warehouse.loadTable({ layer: 'stage', name: 'notes' }, columns, { csv: source.readCsv!({ table: { schema: '', name: 'notes' }, columns: ['id', 'note'] }) });
      const { rows } = await warehouse.query('SELECT CAST(id AS VARCHAR), note FROM stage.notes ORDER BY id');
      expect(rows).toEqual([['1', null], ['2', ''], ['3', 'say "hi", then\nleave'], ['4', '""'], ['5', ' ']]);
    } finally {
      await source.close();
      await warehouse.close();
      await scratch.drop();
    }
  });
});

describe('PostgreSQL COPY writes some types without a cast', () => {
  it('loads every type as the row cursor (each value cast to text) reads it', async () => {
    const scratch = await scratchPostgres();
    const warehouse = await openDuckdbWarehouse({ path: ':memory:', threads: 1 });
    const source = openSource(scratch.target);
    try {
      await scratch.exec(`CREATE TABLE kinds (id bigint, s smallint, n numeric(8,3), r real, d double precision, b boolean, c char(4), v varchar(9),
        day date, at timestamp, atz timestamptz, u uuid, j jsonb, i inet, span interval);
        INSERT INTO kinds VALUES (1, -3, 12.5, 0.1, 1e-7, true, 'ab', 'x y', '2026-02-28', '2026-02-28 01:02:03.25', '2026-02-28 23:59:59+05',
          '6f1c2b4e-9d3a-4c5b-8e7f-0a1b2c3d4e5f', '{"k": [1, 2]}', '10.0.0.1', '1 day 02:00:00'),
        (2, NULL, NULL, NULL, NULL, false, NULL, '', NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
      const seen = await source.columns({ schema: '', name: 'kinds' });
      const columns = seen.map((c) => ({ name: c.name, type: c.duckdbType }));
      const read = { table: { schema: '', name: 'kinds' }, columns: seen.map((c) => c.name) };
      await warehouse.loadTable({ layer: 'stage', name: 'by_copy' }, columns, { csv: source.readCsv!(read) });
      await warehouse.loadTable({ layer: 'stage', name: 'by_cursor' }, columns, { batches: source.read(read) });
      const sourceTypes = new Map(seen.map((c) => [c.name, c.sourceType]));
      await warehouse.loadTable({ layer: 'stage', name: 'by_copy_typed' }, columns, { csv: source.readCsv!({ ...read, sourceTypes }) });
      const text = (table: string) => warehouse.query(`SELECT ${columns.map((c) => `CAST("${c.name}" AS VARCHAR)`).join(', ')} FROM stage.${table} ORDER BY id`);
      const [byCopy, byCursor] = [await text('by_copy'), await text('by_cursor')];
      expect(byCopy.rows).toEqual(byCursor.rows);
      expect((await text('by_copy_typed')).rows).toEqual(byCursor.rows);
      expect(byCopy.rows[0]).toContain('true');
      expect(byCopy.rows[0]).toContain('ab');
      expect(byCopy.rows[0]).toContain('10.0.0.1/32');
    } finally {
      await source.close();
      await warehouse.close();
      await scratch.drop();
    }
  });
});

describe('a wrong password (MariaDB checks passwords; the local PostgreSQL trusts)', () => {
  it('is refused with the server’s message, without the password in it', async () => {
    const scratch = await scratchMysql();
    try {
      const source = openSource({ ...scratch.target, password: 'wrong-password-123' });
      const error = await source.ping().then(() => null, (e: unknown) => e);
      await source.close();
      const message = sourceErrorMessage(error, 'wrong-password-123');
      expect(message).toMatch(/Access denied for user/);
      expect(message).not.toContain('wrong-password-123');
    } finally {
      await scratch.drop();
    }
  });
});
