import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCancelledError, type Engine } from './types';
import { createWasmNodeEngine } from './wasm-node';

// Without `enable_external_access = false` each of these would make the worker try to download an
// extension and hang (measured). The assertions are on the error, never on time; the generous test
// timeout only keeps a regression from blocking the run forever.
const GENEROUS = 60_000;

describe('DuckDB-WASM engine in Node', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createWasmNodeEngine();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('is DuckDB v1.4.3', async () => {
    expect((await engine.query('SELECT version() AS v')).rows).toEqual([['v1.4.3']]);
  });

  it('refuses to read a file, with a clear error', { timeout: GENEROUS }, async () => {
    await expect(engine.query(`SELECT * FROM read_csv('/etc/passwd')`)).rejects.toThrow(
      'Permission Error: Cannot access file "/etc/passwd" - file system operations are disabled by configuration',
    );
  });

  it('fails an ICU function with an error naming the missing extension instead of downloading it', { timeout: GENEROUS }, async () => {
    await expect(engine.query(`SELECT date_trunc('day', TIMESTAMPTZ '2024-01-02 03:04:05+00')`)).rejects.toThrow(
      /^Extension Autoloading Error: .*'icu'[\s\S]*Loading external extensions is disabled through configuration/,
    );
  });

  it('fails the JSON type the same way (the wasm build has no json extension)', { timeout: GENEROUS }, async () => {
    await expect(engine.query(`SELECT '{"a": 1}'::JSON`)).rejects.toThrow(/"JSON" is not in the catalog, but it exists in the json extension/);
  });

  it('keeps the lockdown: settings cannot be changed back, extensions cannot be loaded', async () => {
    await expect(engine.query('SET enable_external_access = true')).rejects.toThrow(/the configuration has been locked/);
    await expect(engine.query('SET autoinstall_known_extensions = true')).rejects.toThrow(/the configuration has been locked/);
    await expect(engine.query('LOAD icu')).rejects.toThrow('Permission Error: LOAD is disabled');
    expect((await engine.query('SELECT 1 AS still_here')).rows).toEqual([[1]]);
  });

  it('reports DuckDB errors as DuckDB’s text, not its JSON error object', async () => {
    await expect(engine.query('SELECT 42 after')).rejects.toThrow(/^Parser Error: syntax error at or near "after"\n\nLINE 1: SELECT 42 after/);
  });

  it('returns ENUM labels although DuckDB-WASM streams ENUM columns without their dictionary', async () => {
    const result = await engine.query(`SELECT m::ENUM('sad', 'ok') AS m, [m::ENUM('sad', 'ok')] AS l FROM (VALUES ('ok'), ('sad'), (NULL)) t(m)`);
    expect(result.rows).toEqual([['ok', '["ok"]'], ['sad', '["sad"]'], [null, '[null]']]);
  });

  it('answers a one-round-trip (not interruptible) query exactly as a pending one', async () => {
    const sql = `SELECT m::ENUM('sad', 'ok') AS m, 12.5::DECIMAL(9,2) AS d, [1, 2] AS l FROM (VALUES ('ok'), (NULL)) t(m)`;
    expect(await engine.query(sql, { interruptible: false })).toEqual(await engine.query(sql));
    await expect(engine.query('SELECT nope', { interruptible: false })).rejects.toThrow(/^Binder Error: Referenced column "nope" was not found/);
  });

  it('runs a statement for its effect only without fetching its result, and the next query reads as usual', async () => {
    expect(await engine.query('CREATE OR REPLACE TABLE effect AS SELECT * FROM range(5000)', { discardResult: true })).toEqual({ columns: [], rows: [] });
    expect((await engine.query('SELECT count(*)::INTEGER AS n FROM effect')).rows).toEqual([[5000]]);
    await expect(engine.query('CREATE OR REPLACE TABLE effect AS SELECT nope', { discardResult: true })).rejects.toThrow(/^Binder Error: Referenced column "nope"/);
    const long = engine.query('CREATE OR REPLACE TABLE effect AS SELECT count(*) AS n FROM range(1000000000) a, range(1000) b', { discardResult: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await engine.cancel();
    await expect(long).rejects.toBeInstanceOf(QueryCancelledError);
    expect((await engine.query('SELECT count(*)::INTEGER AS n FROM effect')).rows).toEqual([[5000]]);
  });

  it('cancels a long query with the typed cancel error and stays usable', async () => {
    const long = engine.query('SELECT count(*) FROM range(1000000000) a, range(1000) b');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await engine.cancel();
    await expect(long).rejects.toBeInstanceOf(QueryCancelledError);
    expect((await engine.query('SELECT 1 AS still_here')).rows).toEqual([[1]]);
  });
});
