// node --import tsx bench/samples.ts — issue 13's sample goal: a 10% sample of the demo production
// data at BENCH_SAMPLE_ORDERS (default 1,000,000) orders. Server time (draw, mask, fingerprint, write
// the Arrow files: drawSampleTables, as the sample job runs it), bytes on the wire (the files, sent as
// they are), and time until DuckDB-WASM's tables are ready (read, load, cast and verify every table, in
// Node's DuckDB-WASM: the browser's engine without the network), against generating the same row counts
// synthetically in the same engine. Medians of BENCH_RUNS (default 3) into docs/benchmarks.md.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createWasmNodeEngine } from '../lib/engine/wasm-node';
import { drawSampleTables } from '../lib/samples/draw';
import type { SampleManifest } from '../lib/samples/manifest';
import { buildSandbox } from '../lib/samples/sandbox';
import { DEMO_DATASETS } from '../lib/server/demo/catalog';
import { defaultSandboxSpec, generateSandbox } from '../lib/synth';
import { openDuckdbWarehouse } from '../lib/warehouse/duckdb';
import { sqlName, type RunSchema } from '../lib/warehouse/types';
import { stats } from './stats';
import { writeSection } from './report';

const ORDERS = Number(process.env.BENCH_SAMPLE_ORDERS ?? 1_000_000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const RATE = 0.1;
const HEADING = '## Samples: a 10% sample of production into the browser';
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'assay-bench-samples-'));
  const threads = cpus().length;
  const warehouse = await openDuckdbWarehouse({ path: join(dir, 'warehouse.duckdb'), threads });
  warehouse.enableMasking('bench-secret-that-is-at-least-32-characters');
  try {
    const base = defaultSandboxSpec(DEMO_DATASETS, 5);
    const scale = ORDERS / (base.rows.orders ?? ORDERS);
    const spec = { ...base, rows: Object.fromEntries(Object.entries(base.rows).map(([name, n]) => [name, name === 'orders' ? ORDERS : Math.max(1, Math.round(n * Math.min(scale, 100)))])) };
    console.error(`samples bench: generating production (${JSON.stringify(spec.rows)})…`);
    const schema: RunSchema = 'run_bench_production';
    const generator = await warehouse.runEngine(schema, []);
    await generateSandbox(generator, DEMO_DATASETS, spec);
    await generator.close();
    const inputs = await Promise.all(
      DEMO_DATASETS.map(async (d) => ({
        name: d.name,
        from: sqlName({ layer: schema, name: d.name }),
        columns: await warehouse.describe({ layer: schema, name: d.name }),
        contract: d.contract,
        primaryKey: d.contract.columns.filter((c) => c.generator?.kind === 'sequence').map((c) => c.name),
      })),
    );
    const productionRows = (await warehouse.query(DEMO_DATASETS.map((d) => `SELECT count(*) FROM ${sqlName({ layer: schema, name: d.name })}`).join(' UNION ALL '))).rows.reduce((s, [n]) => s + Number(n), 0);

    const serverMs: number[] = [];
    const readyMs: number[] = [];
    const syntheticMs: number[] = [];
    let manifest: SampleManifest | null = null;
    let storedBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      console.error(`samples bench: run ${i + 1} of ${RUNS}…`);
      const files = join(dir, `sample_${i}`);
      let started = performance.now();
      const tables = await drawSampleTables(warehouse, inputs, { rate: RATE, seed: i, stagePrefix: `bench_${i}`, fileOf: (name) => join(files, `${name}.arrow.gz`), rowLimit: Number.MAX_SAFE_INTEGER });
      serverMs.push(performance.now() - started);
      manifest = {
        id: `sm_${'0'.repeat(15)}${i}`,
        seed: i,
        rate: RATE,
        tables: tables.map((t) => ({ ...t, datasetId: t.name, snapshotId: 1, contractVersion: 1 })),
        rows: tables.reduce((s, t) => s + t.rows, 0),
        bytes: tables.reduce((s, t) => s + t.bytes, 0),
        createdAt: new Date().toISOString(),
      };
      storedBytes = tables.reduce((s, t) => s + t.storedBytes, 0);
      const current = manifest;
      const browser = await createWasmNodeEngine();
      try {
        started = performance.now();
        await buildSandbox(browser, DEMO_DATASETS, { kind: 'sample', sampleId: current.id, seed: i, rate: RATE }, {
          samples: { manifest: async () => current, table: async (_id, table) => new Uint8Array(gunzipSync(readFileSync(join(files, `${table.name}.arrow.gz`)))) },
        });
        readyMs.push(performance.now() - started);
      } finally {
        await browser.close();
      }
      // The same root row counts generated synthetically (order lines follow from orders).
      const rows = Object.fromEntries(current.tables.filter((t) => t.name in spec.rows).map((t) => [t.name, t.rows]));
      const synthetic = await createWasmNodeEngine();
      try {
        started = performance.now();
        await generateSandbox(synthetic, DEMO_DATASETS, { ...spec, seed: i, rows });
        syntheticMs.push(performance.now() - started);
      } finally {
        await synthetic.close();
      }
      rmSync(files, { recursive: true, force: true });
    }
    const server = stats(serverMs).median;
    const ready = stats(readyMs).median;
    const synthetic = stats(syntheticMs).median;
    const lines = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), warehouse DuckDB with ${threads} threads, production ${productionRows.toLocaleString('en-US')} rows (${ORDERS.toLocaleString('en-US')} orders), median of ${RUNS}.`,
      '',
      '| what | measured | goal |',
      '| --- | --- | --- |',
      `| sample at ${RATE * 100}%: rows | ${manifest!.rows.toLocaleString('en-US')} (${manifest!.tables.map((t) => `${t.name} ${t.rows.toLocaleString('en-US')}`).join(', ')}) | |`,
      `| server: draw, mask, fingerprint, write the Arrow files | ${(server / 1000).toFixed(2)} s | |`,
      `| bytes on the wire (Arrow IPC of text columns, gzip) | ${mib(storedBytes)} (${mib(manifest!.bytes)} inflated) | |`,
      `| DuckDB-WASM ready: read, load, cast, verify every table | ${(ready / 1000).toFixed(2)} s | |`,
      `| generating the same row counts synthetically, same engine | ${(synthetic / 1000).toFixed(2)} s | |`,
      `| ready ÷ synthetic | ${(ready / synthetic).toFixed(2)}× | ≤ 2× |`,
      '',
      `Ready is measured in Node’s DuckDB-WASM with the files read from disk and inflated: a browser adds the transfer (at 100 Mbit/s, about ${((storedBytes * 8) / 100e6).toFixed(1)} s for these bytes).`,
    ];
    console.log(writeSection(HEADING, lines.join('\n')));
  } finally {
    await warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
