import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from './native';
import { parityJson, parityQueries, runParitySuite } from './parity-queries';
import type { Engine, Rows } from './types';
import { createWasmNodeEngine } from './wasm-node';

// One suite, every engine build (as duckdb-wasm's test/index_browser.ts does): each build must produce
// the committed reference byte for byte, and the builds are then compared case by case.
const builds = [
  ['native', createNativeEngine],
  ['wasm-node', createWasmNodeEngine],
] as const;
type Build = (typeof builds)[number][0];
type Results = { varchar: Record<string, Rows>; raw: Record<string, Rows> };

const results = new Map<Build, Results>();

describe.each(builds)('%s engine', (build, create) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('is DuckDB v1.4.3', async () => {
    expect((await engine.query('SELECT version() AS v')).rows).toEqual([['v1.4.3']]);
  });

  it('renders every parity case to VARCHAR exactly as the reference', async () => {
    const varchar = await runParitySuite(engine);
    const raw = await runParitySuite(engine, 'raw');
    results.set(build, { varchar, raw });
    await expect(parityJson(varchar)).toMatchFileSnapshot('./__snapshots__/parity.varchar.json');
  });

  it('normalises every parity case’s raw values exactly as the reference', async () => {
    const raw = results.get(build)?.raw ?? (await runParitySuite(engine, 'raw'));
    await expect(parityJson(raw)).toMatchFileSnapshot('./__snapshots__/parity.raw.json');
  });

  it('runs the suite twice on one engine with the same result (cases leave no state behind that changes them)', async () => {
    expect(await runParitySuite(engine)).toStrictEqual(results.get(build)?.varchar);
  });
});

describe('native and wasm-node engines', () => {
  it.each(parityQueries.map((parityCase) => [parityCase.name, parityCase] as const))('agree exactly on %s', (name, parityCase) => {
    const native = results.get('native');
    const wasm = results.get('wasm-node');
    expect(wasm?.varchar[name]).toStrictEqual(native?.varchar[name]);
    expect(wasm?.raw[name]).toStrictEqual(native?.raw[name]);
    if (parityCase.fails) expect(native?.varchar[name]?.columns).toEqual([{ name: 'error', type: 'ERROR' }]);
    else expect(native?.varchar[name]?.columns).not.toEqual([{ name: 'error', type: 'ERROR' }]);
  });
});
