// node --import tsx bench/synth.ts: the demo catalog's synthetic sandbox at 1,000,000 orders on the
// wasm-node engine (the browser's DuckDB-WASM build), against bare CREATE TABLE … AS SELECT of the same
// row and column counts in the same engine. Prints a markdown table; benchSynth() returns it.
import { cpus, loadavg } from 'node:os';
import { createWasmNodeEngine } from '../lib/engine/wasm-node';
import { DEMO_DATASETS } from '../lib/server/demo/catalog';
import { defaultSandboxSpec, generateSandbox } from '../lib/synth';

const ORDERS = Number(process.env.BENCH_SYNTH_ORDERS ?? 1_000_000);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** The same number of rows and columns as the generated table, each column a trivial expression. */
function bareSql(name: string, rows: number, columns: number): string {
  const expressions = Array.from({ length: columns }, (_, i) => (i === 0 ? 'range AS c0' : `range + ${i} AS c${i}`));
  return `CREATE OR REPLACE TABLE "bare_${name}" AS SELECT ${expressions.join(', ')} FROM range(${rows})`;
}

export async function benchSynth(): Promise<string> {
  const engine = await createWasmNodeEngine();
  try {
    const load = loadavg()[0]!.toFixed(2);
    const spec = { ...defaultSandboxSpec(DEMO_DATASETS, 1), rows: { ...defaultSandboxSpec(DEMO_DATASETS, 1).rows, orders: ORDERS } };
    const sandbox = await generateSandbox(engine, DEMO_DATASETS, spec);
    const lines = [
      `### Synthetic sandbox: demo catalog at ${fmt(ORDERS)} orders (DuckDB-WASM in Node, ${cpus().length} cores, load ${load})`,
      '',
      '| table | rows | columns | generate | rows/s | bare CTAS | bare rows/s | generate ÷ bare |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ];
    let bareTotal = 0;
    let generateTotal = 0;
    let rowsTotal = 0;
    for (const table of sandbox.tables) {
      const started = performance.now();
      await engine.query(bareSql(table.name, table.rows, table.columns), { exactTypes: false });
      const bareMs = performance.now() - started;
      await engine.query(`DROP TABLE "bare_${table.name}"`, { exactTypes: false });
      bareTotal += bareMs;
      generateTotal += table.elapsedMs;
      rowsTotal += table.rows;
      lines.push(
        `| ${table.name} | ${fmt(table.rows)} | ${table.columns} | ${ms(table.elapsedMs)} | ${fmt((table.rows / table.elapsedMs) * 1000)} | ${ms(bareMs)} | ${fmt((table.rows / bareMs) * 1000)} | ${(table.elapsedMs / bareMs).toFixed(2)}× |`,
      );
    }
    lines.push(
      `| **all tables** | ${fmt(rowsTotal)} | | ${ms(generateTotal)} | ${fmt((rowsTotal / generateTotal) * 1000)} | ${ms(bareTotal)} | ${fmt((rowsTotal / bareTotal) * 1000)} | ${(generateTotal / bareTotal).toFixed(2)}× |`,
      '',
      `Generate = CREATE TABLE only; hashing all tables added ${ms(sandbox.elapsedMs - generateTotal)} (total ${ms(sandbox.elapsedMs)}).`,
    );
    return lines.join('\n');
  } finally {
    await engine.close();
  }
}

// Run directly (not imported by bench/run.ts).
if (/bench[\\/]synth\.ts$/.test(process.argv[1] ?? '')) {
  benchSynth().then(
    (markdown) => console.log(markdown),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
