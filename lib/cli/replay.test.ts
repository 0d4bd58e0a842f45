import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordExperiment } from '@/lib/artifact/record';
import type { Artifact } from '@/lib/artifact/schema';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import { runChecks } from '@/lib/quality/checks';
import { DEMO_DATASETS } from '@/lib/server/demo/catalog';
import { defaultSandboxSpec, generateSandbox } from '@/lib/synth';
import { EXIT, parseReplayArgs, USAGE } from './replay';
import { runCli } from './run-cli';

const SPEC = { ...defaultSandboxSpec(DEMO_DATASETS, 3), rows: { customers: 200, products: 40, orders: 600 } };
const CELLS: Cell[] = [{ id: 'c_big', kind: 'sql', name: 'big_orders', source: 'select order_id, customer_id from orders where order_id % 3 = 0' }];

const cli = runCli;

describe('assay replay (the CLI)', () => {
  let dir: string;
  let recorded: Artifact;
  const write = (name: string, content: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'assay-cli-'));
    const engine = await createWasmNodeEngine();
    try {
      await generateSandbox(engine, DEMO_DATASETS, SPEC);
      await new NotebookRunner(async () => engine, runChecks).run(CELLS, new Set(DEMO_DATASETS.map((d) => d.name)), { targets: 'all', downstream: false });
      recorded = await recordExperiment(engine, {
        notebook: { id: 'nb_00000000000000c1', revision: 3, cells: CELLS },
        sandbox: { spec: SPEC, datasets: DEMO_DATASETS },
        engine: { bundle: 'wasm-eh', packageVersion: '@duckdb/duckdb-wasm@1.32.0' },
        author: { id: 'u_ana', name: 'Ana Analyst' },
        parent: null,
        annotations: { title: 'Every third order', hypothesis: '', notes: '', tags: [] },
      });
    } finally {
      await engine.close();
    }
  });

  it('replays an artifact recorded in DuckDB-WASM on native DuckDB: every line a match, exit 0', async () => {
    const { code, out, err } = await cli('replay', write('ok.json', recorded));
    expect(err).toEqual([]);
    expect(code).toBe(EXIT.match);
    expect(out[0]).toMatch(/^experiment [0-9a-f]{64}$/);
    expect(out.filter((line) => line.startsWith('match ')).length).toBe(5);
    expect(out.at(-1)).toMatch(/^MATCH in \d+\.\d\d s$/);
  });

  it('exits 1 and names the model whose fingerprint differs, with both fingerprints whole', async () => {
    const model = recorded.content.models[0]!;
    const forged = { ...model, fingerprint: `${model.fingerprint.slice(0, -1)}${model.fingerprint.endsWith('0') ? '1' : '0'}` };
    const { code, out } = await cli('replay', write('forged.json', { ...recorded, content: { ...recorded.content, models: [forged] } }));
    expect(code).toBe(EXIT.mismatch);
    expect(out).toContain(`MISMATCH  model big_orders: recorded ${model.rowCount} rows ${forged.fingerprint}, replayed ${model.rowCount} rows ${model.fingerprint}`);
    expect(out.at(-1)).toMatch(/^MISMATCH in/);
  });

  it('prints the replay as JSON with --json', async () => {
    const { code, out } = await cli('replay', '--json', write('json.json', recorded));
    expect(code).toBe(EXIT.match);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ status: 'match', error: null, models: [{ name: 'big_orders', match: true }] });
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.json'), /^cannot read .*nope\.json: no such file$/],
    ['a file that is not JSON', () => write('bad.json', '{"format":'), /^.*bad\.json is not JSON: /],
    ['an unknown format', () => write('v9.json', { ...recorded, format: 'assay.experiment/v9' }), /is not a valid artifact \(artifact_unknown_format\): unknown artifact format "assay\.experiment\/v9"/],
    ['an invalid artifact', () => write('invalid.json', { ...recorded, content: { ...recorded.content, models: 'none' } }), /is not a valid artifact \(artifact_invalid\): content\.models/],
  ])('refuses %s with exit 2 and a message naming the problem', async (_, file, message) => {
    const { code, out, err } = await cli('replay', file());
    expect(code).toBe(EXIT.error);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(message);
  });

  it('stops an endless query at the time limit, as the server replay does, and exits 2 saying so', async () => {
    const endless: Cell = { id: 'c_big', kind: 'sql', name: 'big_orders', source: 'select count(*) as n from range(1000000000000) a, range(1000000) b' };
    const file = write('endless.json', { ...recorded, content: { ...recorded.content, cells: [endless] } });
    const { code, out } = await cli('replay', file, '--timeout', '2');
    expect(code).toBe(EXIT.error);
    expect(out).toContain('error: the replay took longer than the limit of 2 s and was stopped (--timeout)');
  });

  it('takes the server replay limits from the environment, flags first', () => {
    expect(parseReplayArgs(['a.json'], {})).toEqual({ file: 'a.json', asJson: false, limits: { timeoutMs: 300_000, memoryLimit: '2GB' } });
    const env = { ASSAY_REPLAY_TIMEOUT_SECONDS: '60', ASSAY_REPLAY_MEMORY_LIMIT: '512MB' };
    expect(parseReplayArgs(['a.json'], env)).toMatchObject({ limits: { timeoutMs: 60_000, memoryLimit: '512MB' } });
    expect(parseReplayArgs(['--timeout', '5', 'a.json', '--memory-limit', '1GB', '--json'], env)).toEqual({ file: 'a.json', asJson: true, limits: { timeoutMs: 5_000, memoryLimit: '1GB' } });
  });

  it('explains its usage on a wrong command line', async () => {
    expect(await cli()).toMatchObject({
      code: EXIT.error,
      err: ['no command given', expect.stringMatching(/^usage: assay replay/), expect.stringMatching(/^usage: assay export notebook/), expect.stringMatching(/assay import notebook/), expect.stringMatching(/assay export dbt/)],
    });
    expect(await cli('replay')).toMatchObject({ code: EXIT.error, err: [USAGE] });
    expect(await cli('replay', 'x.json', '--timeout', '0')).toMatchObject({ code: EXIT.error, err: ['--timeout: at least 1 s'] });
    expect(await cli('replay', 'x.json', '--memory-limit', 'lots')).toMatchObject({ code: EXIT.error, err: ['--memory-limit: a DuckDB memory size such as 2GB'] });
    expect(await cli('replay', 'x.json', '--timeout')).toMatchObject({ code: EXIT.error, err: ['--timeout needs a value'] });
    expect((await cli('publish')).err[0]).toBe('unknown command "publish"');
  });

  it('runs as `npx assay` from another directory', () => {
    const file = write('npx.json', recorded);
    const run = spawnSync('npx', ['--prefix', process.cwd(), 'assay', 'replay', file], { cwd: tmpdir(), encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(EXIT.match);
    expect(run.stdout).toMatch(/\nMATCH in /);
  });
});
