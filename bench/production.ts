// node --import tsx bench/production.ts — issue 12's goals on the warehouse: a production run of the
// demo pipeline (the demo notebook's cells, the notebook runner, fingerprints and checks) over
// BENCH_RUN_ORDERS (default 1,000,000) synthetic orders against the same SQL executed directly as
// CREATE TABLE … AS in DuckDB with the same threads; the latency of publishing (the prod views of a run
// swapped in one warehouse transaction, p95) and of rolling back to an earlier run's tables.
// The "up to date" trigger (a few indexed reads) is measured by bench/up-to-date.bench.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCheck } from '../lib/quality/checks';
import { DEMO_DATASETS } from '../lib/server/demo/catalog';
import { executeRun } from '../lib/runs/execute';
import { defaultSandboxSpec, generateSandbox } from '../lib/synth';
import { openDuckdbWarehouse } from '../lib/warehouse/duckdb';
import type { RunSchema, TableName } from '../lib/warehouse/types';
import { demoCells } from './demo-cells';
import { stats } from './stats';
import { writeSection } from './report';

const ORDERS = Number(process.env.BENCH_RUN_ORDERS ?? 1_000_000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const SWAPS = 50;
const HEADING = '## Production runs: run cost, publish and rollback latency';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))]!;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'assay-bench-production-'));
  const threads = cpus().length;
  const warehouse = await openDuckdbWarehouse({ path: join(dir, 'warehouse.duckdb'), threads });
  try {
    // Inputs: the demo catalog generated at the asked size, as a load would leave them in the warehouse.
    const base = defaultSandboxSpec(DEMO_DATASETS, 99);
    const scale = ORDERS / (base.rows.orders ?? ORDERS);
    const spec = { ...base, rows: Object.fromEntries(Object.entries(base.rows).map(([name, n]) => [name, name === 'orders' ? ORDERS : Math.max(1, Math.round(n * Math.min(scale, 100)))])) };
    console.error(`production bench: generating inputs (${JSON.stringify(spec.rows)})…`);
    const inputsSchema: RunSchema = 'run_bench_inputs';
    const generator = await warehouse.runEngine(inputsSchema, []);
    await generateSandbox(generator, DEMO_DATASETS, spec);
    await generator.close();
    const inputs = DEMO_DATASETS.map((d) => ({ name: d.name, table: { layer: inputsSchema, name: d.name } as TableName }));
    const cells = await demoCells();

    const runMs: number[] = [];
    const directMs: number[] = [];
    const checksMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      console.error(`production bench: run ${i + 1} of ${RUNS}…`);
      // Alternating which goes first, so neither always reads the inputs from a cache the other warmed.
      const timeRun = async () => {
        const started = performance.now();
        const run = await executeRun(warehouse, { schema: `run_${i}_v1`, cells, inputs, outputs: null });
        runMs.push(performance.now() - started);
        if (run.status === 'model_failed') throw new Error(run.error ?? 'the run failed');
      };
      // The same SQL straight into DuckDB: one CREATE TABLE … AS per model, in graph order, nothing else.
      const timeDirect = async () => {
        const direct = await warehouse.runEngine(`run_${i}_direct`, inputs);
        const started = performance.now();
        for (const cell of cells) if (cell.kind === 'sql') await direct.query(`CREATE OR REPLACE TABLE ${quote(cell.name)} AS (${cell.source})`, { exactTypes: false });
        directMs.push(performance.now() - started);
        // The pipeline's checks are SQL of the pipeline too: their count queries, straight.
        const checksStarted = performance.now();
        for (const cell of cells) if (cell.kind === 'check') for (const check of cell.checks) await direct.query(compileCheck(check, cell.model).countSql, { exactTypes: false });
        checksMs.push(performance.now() - checksStarted);
        await direct.close();
      };
      if (i % 2 === 0) {
        await timeRun();
        await timeDirect();
      } else {
        await timeDirect();
        await timeRun();
      }
    }
    const run = stats(runMs);
    const direct = stats(directMs);
    const withChecks = stats(directMs.map((ms, i) => ms + checksMs[i]!));

    // Publish: point the outputs of two runs at the prod names in turn; rollback is the same swap.
    const outputs = cells.flatMap((c) => (c.kind === 'sql' ? [c.name] : []));
    const swap = async (runIndex: number) => {
      const started = performance.now();
      await warehouse.publishViews(outputs.map((view) => ({ view, table: { layer: `run_${runIndex}_v1`, name: view } })));
      return performance.now() - started;
    };
    const swaps: number[] = [];
    for (let i = 0; i < SWAPS; i++) swaps.push(await swap(i % Math.min(2, RUNS)));

    const lines = [
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), DuckDB with ${threads} threads, ${ORDERS.toLocaleString('en-US')} orders (rows ${JSON.stringify(spec.rows)}), median of ${RUNS}.`,
      '',
      '| what | measured | goal |',
      '| --- | --- | --- |',
      `| production run of the demo pipeline (runner, every model, fingerprints, checks) | ${run.median.toFixed(0)} ms | |`,
      `| the models' SQL as CREATE TABLE … AS directly | ${direct.median.toFixed(0)} ms | |`,
      `| the models' SQL and the checks' count queries directly | ${withChecks.median.toFixed(0)} ms | |`,
      `| ratio to the models and checks directly (the run's own overhead) | ${(run.median / withChecks.median).toFixed(2)}× | ≤ 1.1× |`,
      `| ratio to the models alone | ${(run.median / direct.median).toFixed(2)}× | |`,
      `| publish / rollback: the prod views swapped in one transaction, p95 of ${SWAPS} | ${p95(swaps).toFixed(1)} ms (median ${stats(swaps).median.toFixed(1)} ms) | < 100 ms |`,
      '',
      "The demo pipeline declares checks (a unique key, accepted values, a relationship of order_lines to clean_orders over every line); their queries are the pipeline's SQL as much as the models are, so the goal is judged against both run directly. What the run adds on top: the runner, a DESCRIBE per model, the fp2 fingerprint and schema of every model, and the checks' failing-row samples when one fails.",
    ];
    console.log(writeSection(HEADING, lines.join('\n')));
  } finally {
    await warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
