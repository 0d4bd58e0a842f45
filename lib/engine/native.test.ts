import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from './native';
import { QueryCancelledError, type Engine } from './types';

const LOCKED = /^Invalid Input Error: Cannot change configuration option "\w+" - the configuration has been locked$/;

describe('native engine hardening', () => {
  let engine: Engine;
  let scratch: string;
  beforeAll(async () => {
    engine = await createNativeEngine();
    scratch = mkdtempSync(join(tmpdir(), 'assay-native-'));
  });
  afterAll(async () => {
    await engine.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses a result larger than its bound instead of reading it into the process, and stays usable', async () => {
    const bounded = await createNativeEngine({ maxResultRows: 10 });
    try {
      await bounded.query('CREATE TABLE big AS SELECT range AS x FROM range(1000)');
      expect((await bounded.query('SELECT * FROM big LIMIT 10')).rows).toHaveLength(10);
      await expect(bounded.query('SELECT * FROM big')).rejects.toThrow(/^Result Error: the result has more than 10 rows/);
      expect((await bounded.query('SELECT count(*) AS n FROM big')).rows).toEqual([['1000']]);
    } finally {
      await bounded.close();
    }
  });

  it('is DuckDB v1.4.3', async () => {
    expect((await engine.query('SELECT version() AS v')).rows).toEqual([['v1.4.3']]);
  });

  it('starts single-threaded, in UTC, with 1 GB of memory, external access and extension loading off, configuration locked', async () => {
    const { rows } = await engine.query(`SELECT current_setting('threads') AS threads, current_setting('memory_limit') AS memory,
      current_setting('TimeZone') AS tz, current_setting('enable_external_access') AS external,
      current_setting('autoinstall_known_extensions') AS autoinstall, current_setting('autoload_known_extensions') AS autoload,
      current_setting('allow_community_extensions') AS community, current_setting('lock_configuration') AS locked`);
    expect(rows).toEqual([['1', '953.6 MiB', 'UTC', false, false, false, false, true]]);
  });

  it.each([
    ['ATTACH of a database file', `ATTACH '/tmp/assay-attach.db' AS other`, /^Permission Error: ATTACH is disabled: notebooks work on in-memory tables only$/],
    ['ATTACH in memory', `ATTACH ':memory:' AS other`, /^Permission Error: ATTACH is disabled/],
    ['INSTALL', 'INSTALL icu', /^Permission Error: INSTALL is disabled: Assay engines use only their built-in extensions$/],
    ['FORCE INSTALL', 'FORCE INSTALL icu', /^Permission Error: FORCE INSTALL is disabled/],
    ['LOAD of a built-in extension', 'LOAD icu', /^Permission Error: LOAD is disabled/],
    ['LOAD of an extension file', `LOAD '/tmp/evil.duckdb_extension'`, /^Permission Error: LOAD is disabled/],
    ['reading a file', `SELECT * FROM read_csv('/etc/passwd')`, /^Permission Error: Cannot access file "\/etc\/passwd" - file system operations are disabled by configuration/],
    ['listing files', `SELECT * FROM glob('/etc/*')`, /^Permission Error: Cannot access file "\/etc\/\*"/],
    ['SET threads', 'SET threads = 4', LOCKED],
    ['PRAGMA threads', 'PRAGMA threads = 4', LOCKED],
    ['RESET of a setting', 'RESET memory_limit', LOCKED],
    ['switching external access back on', 'SET enable_external_access = true', LOCKED],
    ['switching autoloading back on', 'SET autoload_known_extensions = true', LOCKED],
    ['unlocking the configuration', 'SET lock_configuration = false', LOCKED],
    ['changing the time zone', `SET TimeZone = 'Europe/Paris'`, LOCKED],
  ])('refuses %s with a message naming the problem', async (_what, sql, message) => {
    await expect(engine.query(sql)).rejects.toThrow(message);
  });

  it('refuses COPY … TO a file and writes nothing', async () => {
    const target = join(scratch, 'x.csv');
    await expect(engine.query(`COPY (SELECT 42) TO '${target}'`)).rejects.toThrow(
      `Permission Error: Cannot access file "${target}" - file system operations are disabled by configuration`,
    );
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a forbidden statement hidden after an allowed one, and keeps working after a refusal', async () => {
    await expect(engine.query(`SELECT 1; ATTACH ':memory:' AS other`)).rejects.toThrow(/ATTACH is disabled/);
    await expect(engine.query('SET threads = 8')).rejects.toThrow(LOCKED);
    expect((await engine.query('SELECT 40 + 2 AS answer')).rows).toEqual([[42]]);
    expect((await engine.query(`SELECT current_setting('threads') AS t`)).rows).toEqual([['1']]);
  });

  it('returns the last statement of a multi-statement text', async () => {
    const result = await engine.query('CREATE OR REPLACE TEMP TABLE n AS SELECT 1 AS x; INSERT INTO n VALUES (2); SELECT sum(x) AS total FROM n');
    expect(result).toEqual({ columns: [{ name: 'total', type: 'HUGEINT' }], rows: [['3']] });
  });

  it('cancels a long query with the typed cancel error and stays usable', async () => {
    const long = engine.query('SELECT count(*) FROM range(1000000000) a, range(1000) b');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await engine.cancel();
    await expect(long).rejects.toBeInstanceOf(QueryCancelledError);
    expect((await engine.query('SELECT 1 AS still_here')).rows).toEqual([[1]]);
  });

  it('treats cancel() without a running query as a no-op', async () => {
    await engine.cancel();
    expect((await engine.query('SELECT 2 AS fine')).rows).toEqual([[2]]);
  });

  it('runs queries one at a time even when they are sent together', async () => {
    const [a, b] = await Promise.all([
      engine.query('CREATE OR REPLACE TEMP TABLE q AS SELECT 1 AS x; SELECT x FROM q'),
      engine.query('CREATE OR REPLACE TEMP TABLE q AS SELECT 2 AS x; SELECT x FROM q'),
    ]);
    expect([a.rows, b.rows]).toEqual([[[1]], [[2]]]);
  });
});

describe('native engine options', () => {
  it('takes threads and memory limit from the caller', async () => {
    const engine = await createNativeEngine({ threads: 2, memoryLimit: '512MB' });
    try {
      const { rows } = await engine.query(`SELECT current_setting('threads') AS t, current_setting('memory_limit') AS m`);
      expect(rows).toEqual([['2', '488.2 MiB']]);
    } finally {
      await engine.close();
    }
  });
});
