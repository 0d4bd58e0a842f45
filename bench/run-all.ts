// Run all of n chained trivial SQL cells (c1 = select 1, c_i = c_(i-1) + 1) in headless Chromium against
// the app, and the same NotebookRunner over the same cells in Node (DuckDB-WASM there too): the page's
// own cost is the difference. `node --import tsx bench/run-all.ts` (uses the existing .next build, like
// npm run bench; BENCH_PORT picks the server's port); BENCH_RUNS (default 5) measured runs of each side after BENCH_WARMUP (default 3) warm-ups, the sides taking turns; the section goes to
// docs/benchmarks.md. Browser times are taken in the page, from the click on Run all to the animation
// frame after the last cell's Run button is back and the toolbar's Cancel run is disabled again.
import { loadavg } from 'node:os';
import type { BrowserContext } from '@playwright/test';
import { createWasmNodeEngine } from '../lib/engine/wasm-node';
import { NotebookRunner } from '../lib/notebook/runner';
import type { Cell } from '../lib/notebook/schema';
import { launchBrowser } from './browser';
import { startServer } from './server';
import { writeSection } from './report';
import { ms, stats, type Stats } from './stats';
import { chainedCells, openNotebook, signedInContext } from './workbench';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
// Measured: the first few Run alls in a fresh page are up to 1.5× slower than the later ones (the
// engine's code is still being optimised), so every side gets the same warm-up runs first.
const WARMUP = Math.max(1, Number(process.env.BENCH_WARMUP ?? 3));
// BENCH_SIZES (say 100) measures only those sizes, for a quicker A/B of one change.
const SIZES = (process.env.BENCH_SIZES ?? '10,50,100').split(',').map(Number);
const HEADING = '## Workbench: Run all of chained cells';
const GOAL = 1.5;
const spread = (s: Stats) => `${ms(s.median)} (${ms(s.min)} – ${ms(s.max)})`;

/** One way to run the chain, timed one run at a time, so the three ways can take turns. */
type Side = { once(): Promise<number>; close(): Promise<void> };

async function nodeSide(n: number): Promise<Side> {
  const engine = await createWasmNodeEngine();
  const cells: Cell[] = chainedCells(n).map((c) => ({ id: `bench_${c.name}`, kind: 'sql', ...c }));
  const runner = new NotebookRunner(async () => engine, async () => []);
  return {
    async once() {
      const started = performance.now();
      await runner.run(cells, new Set(), { targets: 'all', downstream: true });
      const took = performance.now() - started;
      const last = runner.getSnapshot().cells[`bench_c${n}`];
      if (last?.phase !== 'done' || last.result?.rowCount !== 1) throw new Error(`node: c${n} did not run: ${JSON.stringify(last)}`);
      return took;
    },
    close: () => engine.close(),
  };
}

/** Clicks Run all and resolves with the ms until the frame after the run is over on screen. Watches only
 * the toolbar's Cancel run button (enabled while the run lasts): an observer of the whole document that
 * queried it on every mutation cost the page ~8 ms per 100-cell run (CPU profile), counted as the app's. */
function runAllInPage(last: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const runAll = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Run all');
    const cancelRun = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Cancel run') as HTMLButtonElement | undefined;
    if (!runAll || !cancelRun) {
      reject(new Error('no Run all / Cancel run button'));
      return;
    }
    let started = false;
    const begun = performance.now();
    const timer = setTimeout(() => {
      const cancels = document.querySelectorAll('button[aria-label^="Cancel SQL cell"]').length;
      reject(new Error(`Run all did not finish in 2 minutes (started ${started}, Cancel run disabled ${cancelRun.disabled}, ${cancels} cells cancellable)`));
    }, 120_000);
    const over = () => !document.querySelector('button[aria-label^="Cancel SQL cell"]') && document.querySelector(`button[aria-label="Run SQL cell ${last}"]`);
    const finish = () => {
      if (!over()) {
        requestAnimationFrame(finish);
        return;
      }
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - begun));
    };
    new MutationObserver((_records, observer) => {
      if (!cancelRun.disabled) started = true;
      else if (started) {
        observer.disconnect();
        finish();
      }
    }).observe(cancelRun, { attributes: true, attributeFilter: ['disabled'] });
    runAll.click();
  });
}

async function appSide(context: BrowserContext, baseUrl: string, n: number): Promise<Side> {
  const page = await openNotebook(context, baseUrl, `Bench: run all ${n}`, chainedCells(n));
  // tsx keeps function names with a __name() helper that the page does not have.
  await page.evaluate('window.__name = (f) => f');
  return {
    async once() {
      // The pages are tabs of one window: a tab behind another is hidden, and gets no animation frames.
      await page.bringToFront();
      // The run on open can still be ending (its sweep) when the last row count shows: a click then
      // would start no run of its own, and the watch below would wait for one that never comes.
      await page.waitForFunction(() => Array.from(document.querySelectorAll('button')).some((b) => b.textContent?.trim() === 'Cancel run' && b.disabled), undefined, { timeout: 120_000 });
      await page.waitForTimeout(500);
      return page.evaluate(runAllInPage, `c${n}`);
    },
    close: () => page.close(),
  };
}

/** The same statements the runner sends per cell (CTAS, DESCRIBE), straight on bench/bare.html's
 * duckdb-wasm connection: the browser's engine without the app. */
async function bareSide(context: BrowserContext, baseUrl: string, n: number): Promise<Side> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/bench/bare.html`);
  await page.getByLabel('answer').filter({ hasText: '42' }).waitFor({ timeout: 120_000 });
  return {
    async once() {
      await page.bringToFront();
      let took = 0;
      for (const cell of chainedCells(n)) {
        took += await page.evaluate((sql) => window.benchQuery!(sql, 'select'), `CREATE OR REPLACE TABLE ${cell.name} AS (\n${cell.source}\n)`);
        took += await page.evaluate((sql) => window.benchQuery!(sql, 'select'), `DESCRIBE ${cell.name}`);
      }
      return took;
    },
    close: () => page.close(),
  };
}

type Times = { browser: number[]; bare: number[]; node: number[] };

/** Warm-up runs, then measured runs taking turns (app, bare page, Node, in a rotating order): this
 * machine's speed drifts over minutes, and a drift then moves all three alike instead of one. */
async function measure(sides: Record<keyof Times, Side>, n: number): Promise<Times> {
  const times: Times = { browser: [], bare: [], node: [] };
  const names = Object.keys(times) as (keyof Times)[];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const took = await sides[name].once();
      console.log(`run all ${n} cells, ${name} ${i < WARMUP ? 'warm-up' : `${i - WARMUP + 1}/${RUNS}`}: ${took.toFixed(0)} ms`);
      if (i >= WARMUP) times[name].push(took);
    }
  }
  return times;
}

type Row = { n: number; browser: Stats; bare: Stats; node: Stats; load: number };

function section(rows: Row[], when: string): string {
  const table = rows
    .map((r) => `| ${r.n} | ${spread(r.browser)} | ${spread(r.bare)} | ${spread(r.node)} | ${(r.browser.median / r.node.median).toFixed(2)}× | ${r.load.toFixed(2)} |`)
    .join('\n');
  const hundred = rows.find((r) => r.n === 100);
  const ratio = hundred ? hundred.browser.median / hundred.node.median : NaN;
  return `Measured on ${when} UTC by bench/run-all.ts: Run all of n chained trivial SQL cells (\`c1 = select 1 as v\`,
\`c<i> = select v + 1 as v from c<i-1>\`), in headless Chromium against the app (click → the frame after the last cell's Run button is
back and the run is over), the CTAS + DESCRIBE per cell on bench/bare.html's connection (the browser's engine without the app,
timed in the page, evaluate round trips excluded), and the same NotebookRunner over DuckDB-WASM in Node. ${RUNS} measured runs of each after ${WARMUP} warm-up runs, the three taking turns; medians
(min – max). Goal: 100 cells within ${GOAL}× of Node: ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}×, ${ratio <= GOAL ? 'met' : '**not met**'}` : 'not measured'}.
Before the per-cell subscriptions (issue 18, measured on main): 0.43 / 3.2 / 11.6 s in the browser against 0.35 / 0.45 / 0.78 s in Node.

| cells | browser (app) | browser, bare page | Node | app ÷ Node | load (1 min) |
| --- | --- | --- | --- | --- | --- |
${table}
${hundred && ratio > GOAL ? `
Why not met: per cell the app takes ${ms(hundred.browser.median / 100)} at 100 cells against ${ms(hundred.bare.median / 100)} for a CTAS and a DESCRIBE on the
bare page's connection; the growth is linear. What the app still adds per cell (CDP trace, "where Run all's time goes" below): two
worker round trips, as many as the bare page makes (the CTAS as an interruptible pending query whose result is not fetched; the
first page with each column's type), but each answer decoded on the main thread, and the cell's render, layout and paint, all on the one
thread that must also answer the worker before DuckDB can start the next cell.
` : ''}`;
}

async function main() {
  const rows: Row[] = [];
  const server = await startServer({ port: process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined });
  const browser = await launchBrowser();
  try {
    const context = await signedInContext(browser, server.baseUrl);
    for (const n of SIZES) {
      const load = loadavg()[0]!;
      const sides = { browser: await appSide(context, server.baseUrl, n), bare: await bareSide(context, server.baseUrl, n), node: await nodeSide(n) };
      try {
        const { browser: inBrowser, bare: inBare, node: inNode } = await measure(sides, n);
        console.log(`run all ${n} cells: browser ${ms(stats(inBrowser).median)}, bare page ${ms(stats(inBare).median)}, node ${ms(stats(inNode).median)}`);
        rows.push({ n, browser: stats(inBrowser), bare: stats(inBare), node: stats(inNode), load });
      } finally {
        for (const side of Object.values(sides)) await side.close();
      }
    }
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(writeSection(HEADING, section(rows, new Date().toISOString().slice(0, 16).replace('T', ' ')).trimEnd()));
}

await main();
