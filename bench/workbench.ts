// The workbench issue's performance goals for `npm run bench`, measured in headless Chromium against the
// app (`next start`) and the bare duckdb-wasm page: a reactive re-run of a 3-cell chain after an edit,
// the result grid on a 1M-row model, and a cell's overhead over the same query in the bare page.
// Times are taken in the page (performance.now(), event.timeStamp of the Ctrl+Enter keydown) by a
// MutationObserver, as bench/browser.ts does; functions that run in the browser have no named inner
// functions (tsx would wrap those in a `__name()` helper the page does not have).
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import { createWasmNodeEngine } from '../lib/engine/wasm-node';
import { ms, stats, type Stats } from './stats';

const TIMEOUT = 120_000;
const READY = /DuckDB v1\.4\.3 · in browser/u;

/** A DOM condition the page observer times: an element matching `selector` (with exactly `text`, when
 * given) exists, after the mark named `after` was recorded. Only checked once Ctrl+Enter was pressed. */
type Mark = { name: string; selector: string; text?: string; after?: string };
type MarkTime = { at: number; frame: number | null };
type Observed = {
  keyAt: number | null;
  marks: Record<string, MarkTime>;
  /** Most elements matching `rows` present at once. */
  maxRows: number;
  maxRowIndex: number;
  /** A scroll step: when it was made, the first body row before it, when its rows were all filled. */
  stepAt: number | null;
  stepFrom: string | null;
  filledAt: number | null;
  /** The page's long tasks (main thread busy ≥ 50 ms): [start, duration]. */
  longTasks: [number, number][];
};
type Watch = { marks: Mark[]; rows: string | null };

declare global {
  interface Window {
    __workbench?: Observed;
    /** bench/bare.html: runs `sql` as a plain query, or as the app runs a cell (CTAS, then DESCRIBE); ms. */
    benchQuery?: (sql: string, mode: 'select' | 'cell') => Promise<number>;
  }
}

/** Installed in the page before each keystroke; replaces the previous observer. */
function arm(watch: Watch): void {
  const state: Observed = { keyAt: null, marks: {}, maxRows: 0, maxRowIndex: 0, stepAt: null, stepFrom: null, filledAt: null, longTasks: [] };
  window.__workbench = state;
  new PerformanceObserver((list) => {
    if (window.__workbench === state) for (const entry of list.getEntries()) state.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask' });
  window.addEventListener(
    'keydown',
    (event) => {
      if (window.__workbench === state && state.keyAt === null && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) state.keyAt = event.timeStamp;
    },
    true,
  );
  new MutationObserver((_records, observer) => {
    if (window.__workbench !== state) {
      observer.disconnect();
      return;
    }
    const now = performance.now();
    if (watch.rows !== null) {
      const rows = Array.from(document.querySelectorAll(watch.rows));
      state.maxRows = Math.max(state.maxRows, rows.length);
      const body = rows.filter((row) => row.getAttribute('aria-rowindex') !== '1');
      for (const row of body) state.maxRowIndex = Math.max(state.maxRowIndex, Number(row.getAttribute('aria-rowindex')));
      const first = body[0]?.getAttribute('aria-rowindex') ?? null;
      if (state.stepAt !== null && state.filledAt === null && first !== null && first !== state.stepFrom && body.every((row) => !row.hasAttribute('aria-busy'))) {
        state.filledAt = now;
      }
    }
    if (state.keyAt === null) return;
    for (const mark of watch.marks) {
      if (state.marks[mark.name] || (mark.after !== undefined && !state.marks[mark.after])) continue;
      const hit = Array.from(document.querySelectorAll(mark.selector)).some((el) => mark.text === undefined || el.textContent?.trim() === mark.text);
      if (!hit) continue;
      const time: MarkTime = { at: now, frame: null };
      state.marks[mark.name] = time;
      requestAnimationFrame(() => {
        time.frame = performance.now();
      });
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

const region = (model: string) => `section[aria-label="SQL cell ${model}"]`;
/** A run of `model` ended: its Run button is back after Cancel showed while it was queued or running. */
const runMarks = (model: string): Mark[] => [
  { name: `queued ${model}`, selector: `button[aria-label="Cancel SQL cell ${model}"]` },
  { name: `done ${model}`, selector: `button[aria-label="Run SQL cell ${model}"]`, after: `queued ${model}` },
];

async function waitFor(page: Page, mark: string, timeout = TIMEOUT): Promise<Observed> {
  await page.waitForFunction((name) => typeof window.__workbench?.marks[name]?.frame === 'number', mark, { polling: 50, timeout });
  return page.evaluate(() => window.__workbench!);
}

/** Ctrl+Enter in the editor of `model` (focused first, typed into when `source` is given). */
async function run(page: Page, model: string, watch: Watch, until: string, source?: string): Promise<Observed> {
  await page.getByRole('textbox', { name: `SQL for model ${model}` }).focus();
  if (source !== undefined) {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(source);
    // Past the 250 ms edit debounce and the 1 s autosave, so the measured run does not share the
    // main thread with them: the number is the run itself, not typing's side effects.
    await page.waitForTimeout(1_500);
  }
  await page.evaluate(arm, watch);
  await page.keyboard.press('Control+Enter');
  return waitFor(page, until);
}

/** "412 ms" or "1.23 s", as the cell footer shows it. */
function parseElapsed(text: string | null): number {
  const match = /([\d.,]+)\s*(ms|s)\b/u.exec(text ?? '');
  if (!match) return NaN;
  const value = Number(match[1]!.replace(/,/gu, ''));
  return match[2] === 's' ? value * 1000 : value;
}

const elapsedOf = async (page: Page, model: string) => parseElapsed(await page.locator(`${region(model)} [aria-label="Elapsed time"]`).textContent());

/** Signs the demo analyst in on this request context (its cookies then go with every request). */
export async function signIn(request: APIRequestContext, baseUrl: string): Promise<void> {
  const response = await request.post(`${baseUrl}/api/auth/sign-in/email`, {
    headers: { origin: baseUrl },
    data: { email: 'analyst@assay.local', password: 'assay-demo-password' },
  });
  if (!response.ok()) throw new Error(`sign-in failed: HTTP ${response.status()} ${await response.text()}`);
}

export async function signedInContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await signIn(context.request, baseUrl);
  return context;
}

export type SqlCellSpec = { name: string; source: string };

/** n chained trivial cells: c1 = select 1 as v, c<i> = select v + 1 as v from c<i-1>. */
export const chainedCells = (n: number): SqlCellSpec[] =>
  Array.from({ length: n }, (_, i) => ({ name: `c${i + 1}`, source: i === 0 ? 'select 1 as v' : `select v + 1 as v from c${i}` }));

/** A new notebook with these SQL cells (revision 2) and no sandbox, through the API; its id. */
export async function createNotebook(request: APIRequestContext, baseUrl: string, title: string, cells: SqlCellSpec[]): Promise<string> {
  const headers = { origin: baseUrl };
  const created = await request.post(`${baseUrl}/api/notebooks`, { headers, data: { title } });
  if (!created.ok()) throw new Error(`creating a notebook failed: HTTP ${created.status()} ${await created.text()}`);
  const { notebook } = (await created.json()) as { notebook: { id: string; revision: number } };
  const saved = await request.post(`${baseUrl}/api/notebooks/${notebook.id}/revisions`, {
    headers,
    data: { baseRevision: notebook.revision, cells: cells.map((c) => ({ id: `bench_${c.name}`, kind: 'sql', ...c })), sandbox: null },
  });
  if (!saved.ok()) throw new Error(`saving the notebook failed: HTTP ${saved.status()} ${await saved.text()}`);
  return notebook.id;
}

/** A new notebook with these SQL cells, opened once its engine and first results are up. */
export async function openNotebook(context: BrowserContext, baseUrl: string, title: string, cells: SqlCellSpec[]): Promise<Page> {
  const id = await createNotebook(context.request, baseUrl, title, cells);
  const page = await context.newPage();
  // Errors the app logs while the bench drives it: printed, not part of the report.
  page.on('pageerror', (error) => console.warn(`bench: page error in "${title}": ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.warn(`bench: console ${message.type()} in "${title}": ${message.text()}`);
  });
  await page.goto(`${baseUrl}/notebooks/${id}`);
  await page.getByText(READY).waitFor({ timeout: TIMEOUT });
  for (const cell of cells) await page.locator(`${region(cell.name)} [aria-label="Row count"]`).waitFor({ timeout: TIMEOUT });
  return page;
}

// ---- 2. Reactive re-run of a 3-cell chain ------------------------------------------------------

const chainA = (rows: number) => `select range as id, range % 7 as k from range(${rows})`;
const CHAIN: SqlCellSpec[] = [
  { name: 'a', source: chainA(100_000) },
  { name: 'b', source: 'select k, count(*) as n from a group by k' },
  { name: 'c', source: 'select sum(n) as total from b' },
];

export type ChainRun = { doneA: number; doneB: number; doneC: number; total: number; engineMs: number };

async function chainRuns(context: BrowserContext, baseUrl: string, runs: number): Promise<ChainRun[]> {
  const page = await openNotebook(context, baseUrl, 'Bench: reactive chain', CHAIN);
  const out: ChainRun[] = [];
  try {
    for (let i = 0; i <= runs; i++) {
      const rows = 100_001 + i;
      const watch: Watch = {
        marks: [
          ...runMarks('a'),
          ...runMarks('b'),
          ...runMarks('c'),
          { name: 'total', selector: `[role="grid"][aria-label="Result of c"] [role="gridcell"]`, text: String(rows), after: 'done c' },
        ],
        rows: null,
      };
      const seen = await run(page, 'a', watch, 'total', chainA(rows));
      const since = (name: string) => (seen.marks[name]?.frame ?? NaN) - (seen.keyAt ?? NaN);
      const engineMs = (await elapsedOf(page, 'a')) + (await elapsedOf(page, 'b')) + (await elapsedOf(page, 'c'));
      const sample = { doneA: since('done a'), doneB: since('done b'), doneC: since('done c'), total: since('total'), engineMs };
      console.log(`chain ${i === 0 ? 'warm-up' : `${i}/${runs}`}: total visible ${sample.total.toFixed(0)} ms after Ctrl+Enter (cells' own time ${engineMs.toFixed(0)} ms)`);
      if (i > 0) out.push(sample); // the first run warms the page's code paths up
    }
  } finally {
    await page.close();
  }
  return out;
}

// ---- 3. Result grid on a 1M-row model -----------------------------------------------------------

const GRID_ROWS = 1_000_000;
/** 1M (+ i) rows of 6 columns, as bench/grid.ts builds; `id` starts at i so every run's first page differs. */
const bigSql = (i: number) =>
  `select range + ${i} as id, range % 7 as bucket, 'customer ' || (range * 7919 % ${GRID_ROWS}) as label, range * 1.25 as amount, ` +
  `DATE '2024-01-01' + (range % 366)::INTEGER as day, CASE WHEN range % 10 = 0 THEN NULL ELSE range % 100 END as maybe from range(${GRID_ROWS + i})`;
const GRID = '[role="grid"][aria-label="Result of big"]';
const SCROLL_STEPS = 40;

export type GridRun = { firstPage: number; firstPageAfterDone: number; keyToFirstPage: number; runMs: number };
export type GridResult = { runs: GridRun[]; maxRowElements: number; maxRowIndex: number; rowCount: number; stepFill: number[]; wheelMaxRows: number };

async function gridRuns(context: BrowserContext, baseUrl: string, runs: number): Promise<GridResult> {
  const page = await openNotebook(context, baseUrl, 'Bench: 1M-row grid', [{ name: 'big', source: bigSql(0) }]);
  const out: GridRun[] = [];
  const rows = `${GRID} [role="row"]`;
  let rowCount = GRID_ROWS;
  let maxRows = 0;
  try {
    for (let i = 1; i <= runs + 1; i++) {
      rowCount = GRID_ROWS + i;
      const watch: Watch = {
        marks: [
          ...runMarks('big'),
          { name: 'finished', selector: `${region('big')} [aria-label="Row count"]`, text: `${rowCount.toLocaleString('en-US')} rows`, after: 'queued big' },
          { name: 'first page', selector: `${GRID} [role="row"][aria-rowindex="2"] [role="gridcell"][aria-colindex="2"]`, text: String(i), after: 'finished' },
        ],
        rows,
      };
      const seen = await run(page, 'big', watch, 'first page', bigSql(i));
      maxRows = Math.max(maxRows, seen.maxRows);
      const at = (name: string) => seen.marks[name]?.at ?? NaN;
      const frame = (name: string) => seen.marks[name]?.frame ?? NaN;
      const sample = {
        firstPage: frame('first page') - at('finished'),
        firstPageAfterDone: frame('first page') - at('done big'),
        keyToFirstPage: frame('first page') - (seen.keyAt ?? NaN),
        runMs: await elapsedOf(page, 'big'),
      };
      console.log(`grid ${i === 1 ? 'warm-up' : `${i - 1}/${runs}`}: first page painted ${sample.firstPage.toFixed(0)} ms after the run finished (run ${sample.runMs.toFixed(0)} ms)`);
      if (i > 1) out.push(sample);
    }

    // Scroll: a user's wheel near the top, then top to bottom in jumps, counting row elements throughout.
    await page.evaluate(arm, { marks: [], rows });
    await page.locator(GRID).hover();
    for (let i = 0; i < 30; i++) {
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(30);
    }
    await page.waitForTimeout(300);
    const wheelMaxRows = (await page.evaluate(() => window.__workbench!)).maxRows;
    const stepFill: number[] = [];
    for (let step = 0; step <= SCROLL_STEPS; step++) {
      await page.evaluate(
        ({ grid, step, steps }) => {
          const state = window.__workbench!;
          const el = document.querySelector(grid)!;
          state.stepFrom = el.querySelector('[role="row"]:not([aria-rowindex="1"])')?.getAttribute('aria-rowindex') ?? null;
          state.filledAt = null;
          state.stepAt = performance.now();
          el.scrollTop = ((el.scrollHeight - el.clientHeight) * step) / steps;
        },
        { grid: GRID, step, steps: SCROLL_STEPS },
      );
      const filled = await page
        .waitForFunction(() => typeof window.__workbench?.filledAt === 'number', undefined, { polling: 20, timeout: 15_000 })
        .then(
          () => page.evaluate(() => window.__workbench!.filledAt! - window.__workbench!.stepAt!),
          () => NaN,
        );
      stepFill.push(filled);
    }
    const state = await page.evaluate(() => window.__workbench!);
    console.log(`grid scroll: at most ${Math.max(maxRows, state.maxRows)} row elements; last row index seen ${state.maxRowIndex} of ${rowCount + 1}`);
    return { runs: out, maxRowElements: Math.max(maxRows, state.maxRows), maxRowIndex: state.maxRowIndex, rowCount, stepFill, wheelMaxRows };
  } finally {
    await page.close();
  }
}

// ---- 4. Cell overhead over the bare duckdb-wasm page ---------------------------------------------

// ~375 ms in DuckDB-WASM here: long enough that a few ms of the app's own work show as a percentage.
export const OVERHEAD_SQL = 'select count(distinct a.range % 100003) as n from range(20000000) a';

export type OverheadRun = { appWall: number; appFooter: number; bareSelect: number; bareCell: number; appLongTaskMs: number };

async function overheadRuns(context: BrowserContext, baseUrl: string, runs: number): Promise<OverheadRun[]> {
  const app = await openNotebook(context, baseUrl, 'Bench: cell overhead', [{ name: 'overhead', source: OVERHEAD_SQL }]);
  const bare = await context.newPage();
  const out: OverheadRun[] = [];
  try {
    await bare.goto(`${baseUrl}/bench/bare.html`);
    await bare.getByLabel('answer').filter({ hasText: '42' }).waitFor({ timeout: TIMEOUT });
    const watch: Watch = { marks: runMarks('overhead'), rows: null };
    for (let i = 0; i <= runs; i++) {
      await app.bringToFront();
      const seen = await run(app, 'overhead', watch, 'done overhead');
      const doneAt = seen.marks['done overhead']?.at ?? NaN;
      const appWall = doneAt - (seen.keyAt ?? NaN);
      // Main-thread time the app's page spent in long tasks while its cell ran.
      const appLongTaskMs = seen.longTasks.reduce((sum, [start, duration]) => sum + Math.max(0, Math.min(start + duration, doneAt) - Math.max(start, seen.keyAt ?? NaN)), 0);
      const appFooter = await elapsedOf(app, 'overhead');
      // Let the grid read its one row before the bare page takes the CPU.
      await app.locator(`[role="grid"][aria-label="Result of overhead"] [role="gridcell"][aria-colindex="2"]`).waitFor({ timeout: TIMEOUT });
      await app.waitForTimeout(300);
      await bare.bringToFront();
      const bareSelect = await bare.evaluate((sql) => window.benchQuery!(sql, 'select'), OVERHEAD_SQL);
      const bareCell = await bare.evaluate((sql) => window.benchQuery!(sql, 'cell'), OVERHEAD_SQL);
      const sample = { appWall, appFooter, bareSelect, bareCell, appLongTaskMs };
      console.log(
        `overhead ${i === 0 ? 'warm-up' : `${i}/${runs}`}: app ${appWall.toFixed(0)} ms (footer ${appFooter.toFixed(0)} ms), bare SELECT ${bareSelect.toFixed(0)} ms, bare CTAS+DESCRIBE ${bareCell.toFixed(0)} ms; app main thread in long tasks ${appLongTaskMs.toFixed(0)} ms`,
      );
      if (i > 0) out.push(sample);
    }
  } finally {
    await bare.close();
    await app.close();
  }
  return out;
}

export type WorkbenchResults = { chain: ChainRun[]; grid: GridResult; overhead: OverheadRun[]; load: { chain: number; grid: number; overhead: number } };

/** The three browser measurements, each in its own signed-in context and its own new notebook. */
export async function measureWorkbench(browser: Browser, baseUrl: string, runs: number, loadNow: () => number): Promise<WorkbenchResults> {
  const context = await signedInContext(browser, baseUrl);
  try {
    const load = { chain: loadNow(), grid: NaN, overhead: NaN };
    const chain = await chainRuns(context, baseUrl, runs);
    load.grid = loadNow();
    const grid = await gridRuns(context, baseUrl, runs);
    load.overhead = loadNow();
    const overhead = await overheadRuns(context, baseUrl, runs);
    return { chain, grid, overhead, load };
  } finally {
    await context.close();
  }
}

// ---- The report ------------------------------------------------------------------------------

const spread = (s: Stats) => `${ms(s.median)} (${ms(s.min)} – ${ms(s.max)})`;
const met = (ok: boolean) => (ok ? 'met' : '**not met**');

/** The per-table rows and the "all tables" row of benchSynth()'s markdown table. */
type SynthRow = { table: string; rows: number; columns: number; generateMs: number; bareMs: number; ratio: number };
function parseSynth(markdown: string): { all: SynthRow | null; tables: SynthRow[] } {
  const rows: SynthRow[] = [];
  for (const line of markdown.split('\n')) {
    // | table | rows | columns | generate | rows/s | bare CTAS | bare rows/s | generate ÷ bare |
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 10 || !/×$/u.test(cells[8] ?? '')) continue;
    const num = (s: string | undefined) => Number((s ?? '').replace(/[^\d.]/gu, ''));
    rows.push({ table: cells[1]!.replace(/\*/gu, ''), rows: num(cells[2]), columns: num(cells[3]), generateMs: num(cells[4]), bareMs: num(cells[6]), ratio: num(cells[8]) });
  }
  return { all: rows.find((r) => r.table === 'all tables') ?? null, tables: rows.filter((r) => r.table !== 'all tables') };
}

/** Part of the "why" for synthetic generation: the generated tables' shapes (rows × columns) built once
 * with trivial columns and once with every column a draw as the generator makes it (a row hash, then
 * `hash(hash(rowhash, label))`, docs/synthetic-data.md), in one fresh DuckDB-WASM engine. */
export type SynthProbe = { bareMs: number; hashMs: number; rows: number };
export async function probeSynth(synthMarkdown: string): Promise<SynthProbe> {
  const { tables } = parseSynth(synthMarkdown);
  const engine = await createWasmNodeEngine();
  try {
    let bareMs = 0;
    let hashMs = 0;
    let rows = 0;
    for (const [n, table] of tables.entries()) {
      const columns = Math.max(1, table.columns);
      const bare = Array.from({ length: columns }, (_, i) => `range + ${i} AS c${i}`).join(', ');
      const drawn = Array.from({ length: columns }, (_, i) => `hash(hash(h, 'c${i}')) AS c${i}`).join(', ');
      // Median of 3 after a discarded first build of each, the two kinds interleaved.
      const bareSql = `CREATE OR REPLACE TABLE probe_${n} AS SELECT ${bare} FROM range(${table.rows})`;
      const hashSql = `CREATE OR REPLACE TABLE probe_${n} AS SELECT ${drawn} FROM (SELECT hash(7, '${table.table}', range) AS h FROM range(${table.rows}))`;
      const times: Record<'bare' | 'hash', number[]> = { bare: [], hash: [] };
      for (let run = 0; run <= 3; run++) {
        for (const [kind, sql] of [['bare', bareSql], ['hash', hashSql]] as const) {
          const started = performance.now();
          await engine.query(sql, { exactTypes: false });
          if (run > 0) times[kind].push(performance.now() - started);
        }
      }
      bareMs += stats(times.bare).median;
      hashMs += stats(times.hash).median;
      await engine.query(`DROP TABLE probe_${n}`, { exactTypes: false });
      rows += table.rows;
    }
    return { bareMs, hashMs, rows };
  } finally {
    await engine.close();
  }
}

export function workbenchSection(r: WorkbenchResults, synthMarkdown: string, gridMarkdown: string, meta: { when: string; chromium: string; runs: number; synthLoad: number; probe: SynthProbe }): string {
  const synth = parseSynth(synthMarkdown);
  const synthRatio = synth.all?.ratio ?? NaN;
  const synthOk = synthRatio <= 2;
  const worst = [...synth.tables].sort((a, b) => b.generateMs - b.bareMs - (a.generateMs - a.bareMs))[0];
  const rate = (row: SynthRow | null | undefined, key: 'generateMs' | 'bareMs') => (row ? Math.round((row.rows / row[key]) * 1000).toLocaleString('en-US') : '–');

  const chainTotal = stats(r.chain.map((c) => c.total));
  const chainEngine = stats(r.chain.map((c) => c.engineMs));
  const doneA = stats(r.chain.map((c) => c.doneA));
  const doneB = stats(r.chain.map((c) => c.doneB));
  const doneC = stats(r.chain.map((c) => c.doneC));

  const firstPage = stats(r.grid.runs.map((g) => g.firstPage));
  const keyToFirst = stats(r.grid.runs.map((g) => g.keyToFirstPage));
  const gridRun = stats(r.grid.runs.map((g) => g.runMs));
  const fill = stats(r.grid.stepFill);
  const firstOk = firstPage.median < 50;
  const rowsOk = r.grid.maxRowElements <= 100;
  const reachedEnd = r.grid.maxRowIndex === r.grid.rowCount + 1;

  const appWall = stats(r.overhead.map((o) => o.appWall));
  const appFooter = stats(r.overhead.map((o) => o.appFooter));
  const bareSelect = stats(r.overhead.map((o) => o.bareSelect));
  const bareCell = stats(r.overhead.map((o) => o.bareCell));
  const longTasks = stats(r.overhead.map((o) => o.appLongTaskMs));
  const overSelect = appWall.median / bareSelect.median - 1;
  const overCell = appWall.median / bareCell.median - 1;
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
  const overheadOk = overSelect <= 0.05;

  const why: string[] = [];
  if (!synthOk) {
    why.push(
      `- **Synthetic generation, ${synthRatio.toFixed(2)}× of bare.** The bare CTAS writes trivial \`range + i\` columns; the generator's columns are ` +
        `hash-derived draws, weighted picks and quantile arithmetic (docs/synthetic-data.md). The biggest gap is \`${worst?.table ?? '?'}\`: ` +
        `${ms(worst?.generateMs ?? NaN)} against ${ms(worst?.bareMs ?? NaN)} bare for ${(worst?.rows ?? 0).toLocaleString('en-US')} rows (${worst?.ratio.toFixed(2) ?? '?'}×). ` +
        `The draws alone: in a fresh engine the same ${meta.probe.rows.toLocaleString('en-US')} rows × columns took ${ms(meta.probe.bareMs)} bare and ` +
        `${ms(meta.probe.hashMs)} with every column a generator-style draw (a row hash, then \`hash(hash(rowhash, label))\`), ` +
        `${(meta.probe.hashMs / meta.probe.bareMs).toFixed(1)}× bare, before any weighted pick, quantile lookup, date arithmetic, decimal cast or ` +
        `parent join${meta.probe.hashMs / meta.probe.bareMs > 2 ? ': hash-based determinism alone is past the 2× goal' : ''}; the generator's remaining ` +
        `${ms((synth.all?.generateMs ?? NaN) - meta.probe.hashMs)} is turning draws into values.`,
    );
  }
  if (!firstOk) {
    why.push(
      `- **First page, ${ms(firstPage.median)} after the run finished.** Between the run's commit and the painted page the grid creates a new page ` +
        `cache in an effect, React commits again with placeholder rows, then reads \`LIMIT 100\` from DuckDB in the worker (the engine alone: ` +
        `bench/grid.ts's first-page time below) and commits the rows.`,
    );
  }
  if (!rowsOk) why.push(`- **Row elements: ${r.grid.maxRowElements} at once** while scrolling (goal ≤ ~100).`);
  if (!overheadOk) {
    why.push(
      `- **Cell overhead ${pct(overSelect)} over the bare SELECT.** The cell's own footer time (CTAS + DESCRIBE, as runSqlCell measures it) is ` +
        `${ms(appFooter.median)}; the same two statements in the bare page take ${ms(bareCell.median)} and the plain SELECT ${ms(bareSelect.median)}. ` +
        `Materialising is not the cost (${bareCell.median <= bareSelect.median ? 'CTAS + DESCRIBE was no slower than the SELECT' : `+${ms(bareCell.median - bareSelect.median)}`}): ` +
        `the same statements take ${ms(appFooter.median - bareCell.median)} longer inside the app's engine than in the bare page, and the ` +
        `runner and React around them (graph analysis, the orphan-table query, the commit) add ${ms(appWall.median - appFooter.median)}. DuckDB ` +
        `gets the same statements either way (a pending query polled from the page until done, then DESCRIBE); the app's main thread was in ` +
        `long tasks (≥ 50 ms) for ${ms(longTasks.median)} of the run (median)` +
        (longTasks.median >= 0.5 * (appFooter.median - bareCell.median)
          ? ', so much of the gap is the page competing with its own worker for the 2 cores.'
          : `, so the gap is not one busy main thread; it lies between the app's engine wrapper and the worker (each poll of the pending ` +
            `query is a round trip through the page's event loop, which in the app also runs React, Monaco and the running-time ticker) and was not isolated further.`),
    );
  }

  return `## Workbench: performance goals

Measured on ${meta.when} UTC by bench/workbench.ts (browser parts: headless Chromium ${meta.chromium}, one signed-in context,
a new notebook per part created through the API) and bench/synth.ts, bench/grid.ts (engine parts: DuckDB-WASM in Node).
${meta.runs} measured runs of each browser part after one discarded warm-up run; medians, with min – max.
1-minute load average when each part started: synthetic ${meta.synthLoad.toFixed(2)}, chain ${r.load.chain.toFixed(2)},
grid ${r.load.grid.toFixed(2)}, overhead ${r.load.overhead.toFixed(2)} (2 cores shared with the server, and with anything else running).

| goal | measured | |
| --- | --- | --- |
| synthetic generation at 1M orders within 2× of a bare \`range()\` CTAS, same engine | ${synthRatio.toFixed(2)}× (${rate(synth.all, 'generateMs')} against ${rate(synth.all, 'bareMs')} rows/s) | ${met(synthOk)} |
| reactive re-run of a 3-cell chain: Ctrl+Enter → the new total painted | ${spread(chainTotal)} | no number set; the cells' own time is ${ms(chainEngine.median)} of it |
| result grid: run finished → first page of a 1M-row result painted, under 50 ms | ${spread(firstPage)} | ${met(firstOk)} |
| result grid: row elements in the DOM while scrolling top to bottom, at most ~100 | ${r.grid.maxRowElements} (header row included)${reachedEnd ? '' : `; the last row seen was ${r.grid.maxRowIndex - 1} of ${r.grid.rowCount}`} | ${met(rowsOk)} |
| cell overhead: the query as a cell ≤ 5 % slower than in the bare page | ${pct(overSelect)} (${ms(appWall.median)} against ${ms(bareSelect.median)}) | ${met(overheadOk)} |
${why.length ? `\n### Why not met\n\n${why.join('\n')}\n` : ''}
${synthMarkdown}

### Reactive chain

Cells \`a = ${chainA(100_000)}\`, \`b = ${CHAIN[1]!.source}\`, \`c = ${CHAIN[2]!.source}\`. Each run focuses
the editor of \`a\`, selects all, types \`a\` with one more row, waits 1.5 s (past the edit debounce and the autosave) and presses
Ctrl+Enter; the clock runs from that keydown (\`event.timeStamp\`) to the animation frame after \`c\`'s grid shows the new total.

| since Ctrl+Enter | median (min – max) |
| --- | --- |
| \`a\` done (its Run button back) | ${spread(doneA)} |
| \`b\` done | ${spread(doneB)} |
| \`c\` done | ${spread(doneC)} |
| \`c\`'s grid shows the new total | ${spread(chainTotal)} |
| the three cells' footer times, summed (CTAS + DESCRIBE each) | ${spread(chainEngine)} |

### Result grid

A cell \`big\` of ${GRID_ROWS.toLocaleString('en-US')} (+ run number) rows and 6 columns (the table bench/grid.ts builds, \`id\` offset by the run
number so each run's first page differs), re-run with Ctrl+Enter after typing. "Run finished" is the DOM mutation that shows the new row
count (the runner's commit); "first page painted" the animation frame after the first row's \`id\` shows the new value.

| | median (min – max) |
| --- | --- |
| the cell's run (footer) | ${spread(gridRun)} |
| run finished → first page painted | ${spread(firstPage)} |
| Ctrl+Enter → first page painted | ${spread(keyToFirst)} |
| scroll jump (${SCROLL_STEPS + 1} jumps, top to bottom) → every row element filled | ${spread(fill)} |

Row elements (\`role=row\` in the grid, its header row included): at most ${r.grid.wheelMaxRows} during 30 mouse-wheel steps of 300 px near the top, at
most ${r.grid.maxRowElements} over the whole grid part (the runs, the wheel and the jumps); the jumps reached row ${(r.grid.maxRowIndex - 1).toLocaleString('en-US')}
of ${r.grid.rowCount.toLocaleString('en-US')}.

Engine alone (bench/grid.ts):

${gridMarkdown}

### Cell overhead

\`${OVERHEAD_SQL}\` as the notebook cell \`overhead\`, against bench/bare.html in a second tab of the same context; the runs alternate.

| | median (min – max) |
| --- | --- |
| app: Ctrl+Enter → the cell's result committed (Run button back) | ${spread(appWall)} |
| app: the cell's footer time (CTAS + DESCRIBE, timed by runSqlCell) | ${spread(appFooter)} |
| app: main thread in long tasks (≥ 50 ms) during the run | ${spread(longTasks)} |
| bare page: \`connection.query(SELECT …)\` | ${spread(bareSelect)} |
| bare page: what the app runs for a cell, \`CREATE OR REPLACE TABLE "overhead" AS (…)\` as a pending query, then \`DESCRIBE\` | ${spread(bareCell)} |

The goal row compares the app's wall time with the plain SELECT in the bare page (${pct(overSelect)}): what a user pays for running the
query as a cell. Against the same CTAS + DESCRIBE in the bare page, i.e. only the app's own machinery, it is ${pct(overCell)}.
`;
}
