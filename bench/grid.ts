// node --import tsx bench/grid.ts: how long one result-grid page takes to read from a 1M-row, 6-column
// model table in DuckDB-WASM (the browser's engine, here in Node), for the first, a middle and the last
// page: unsorted, sorted by re-sorting for each page, and sorted from a materialised sort order (what
// the grid does). Medians of GRID_BENCH_RUNS (default 5) reads after one warm-up read.
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Engine } from '../lib/engine/types';
import { createWasmNodeEngine } from '../lib/engine/wasm-node';
import { readPage, type GridSort } from '../lib/grid/page-query';
import { createSortOrder, dropSortOrder } from '../lib/grid/sort-order';

const ROWS = 1_000_000;
const PAGE = 100;
const RUNS = Math.max(1, Number(process.env.GRID_BENCH_RUNS ?? 5));
const TABLE = 'grid_bench';

const WHERE = [
  ['first', 0],
  ['middle', ROWS / 2],
  ['last', ROWS - PAGE],
] as const;

const SORTS: [string, NonNullable<GridSort>][] = [
  ['an INTEGER with ties, desc', { column: 'bucket', direction: 'desc' }],
  ['a VARCHAR, asc', { column: 'label', direction: 'asc' }],
];

function median(values: number[]): number {
  const xs = [...values].sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

async function timePage(engine: Engine, sort: GridSort, order: string | null, offset: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    const rows = await readPage(engine, { table: TABLE, sort, order, offset, limit: PAGE });
    const ms = performance.now() - started;
    if (rows.length !== PAGE) throw new Error(`expected ${PAGE} rows at offset ${offset}, got ${rows.length}`);
    if (run > 0) times.push(ms); // run 0 warms up
  }
  return median(times);
}

export async function benchGrid(): Promise<string> {
  const engine = await createWasmNodeEngine();
  try {
    const built = performance.now();
    await engine.query(
      `CREATE OR REPLACE TABLE ${TABLE} AS (
         SELECT range AS id,
                range % 7 AS bucket,
                'customer ' || (range * 7919 % ${ROWS}) AS label,
                range * 1.25 AS amount,
                DATE '2024-01-01' + (range % 366)::INTEGER AS day,
                CASE WHEN range % 10 = 0 THEN NULL ELSE range % 100 END AS maybe
         FROM range(${ROWS}))`,
    );
    const buildMs = performance.now() - built;
    const lines = [
      `Result grid pages: ${PAGE} rows of a ${ROWS.toLocaleString('en-US')}-row, 6-column table in DuckDB-WASM (wasm-node engine), ` +
        `median of ${RUNS} reads after a warm-up; ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}; table built in ${buildMs.toFixed(0)} ms.`,
      '',
      '| order | first page | middle page | last page |',
      '| --- | ---: | ---: | ---: |',
    ];
    const row = async (name: string, sort: GridSort, order: string | null) => {
      const cells: string[] = [];
      for (const [, offset] of WHERE) cells.push(`${(await timePage(engine, sort, order, offset)).toFixed(1)} ms`);
      lines.push(`| ${name} | ${cells.join(' | ')} |`);
    };
    await row('unsorted (table order)', null, null);
    for (const [name, sort] of SORTS) {
      await row(`by ${name}: sorting for each page`, sort, null);
      const builds: number[] = [];
      let order = '';
      for (let run = 0; run < RUNS; run++) {
        if (order) await dropSortOrder(engine, order);
        const started = performance.now();
        order = await createSortOrder(engine, TABLE, sort);
        builds.push(performance.now() - started);
      }
      await row(`by ${name}: from its sort order (built once in ${median(builds).toFixed(0)} ms)`, sort, order);
      await dropSortOrder(engine, order);
    }
    return lines.join('\n');
  } finally {
    await engine.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchGrid().then(console.log, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
