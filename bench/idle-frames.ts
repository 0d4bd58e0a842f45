// Frames Chromium draws on a notebook page where nothing happens: just opened (its run on open over),
// after a Run all, and after a scroll to the end. An idle page should draw none; one that draws every
// 16.7 ms keeps a background tab's CPU busy. Counted from a trace (BeginMainThreadFrame) over 2 s.
// `node --import tsx bench/idle-frames.ts` (uses the existing .next build); the section goes to
// docs/benchmarks.md.
import type { Browser, Page } from '@playwright/test';
import { launchBrowser } from './browser';
import { writeSection } from './report';
import { startServer } from './server';
import { chainedCells, openNotebook, signedInContext } from './workbench';

const HEADING = '## Workbench: frames on an idle notebook';
const SIZES = (process.env.BENCH_SIZES ?? '10,30,100').split(',').map(Number);
const WINDOW_MS = 2000;
/** Time for what an action started (a run, a scroll's last frames) to settle before counting. */
const SETTLE_MS = 3000;

async function framesDrawn(browser: Browser, page: Page): Promise<number> {
  await page.waitForTimeout(SETTLE_MS);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline.frame'] });
  await page.waitForTimeout(WINDOW_MS);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: { name: string }[] };
  return trace.traceEvents.filter((event) => event.name === 'BeginMainThreadFrame').length;
}

type Row = { n: number; opened: number; afterRunAll: number; afterScroll: number };

async function main() {
  const server = await startServer({ port: process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined });
  const browser = await launchBrowser();
  const rows: Row[] = [];
  try {
    const context = await signedInContext(browser, server.baseUrl);
    for (const n of SIZES) {
      const page = await openNotebook(context, server.baseUrl, `Bench: idle ${n}`, chainedCells(n));
      const opened = await framesDrawn(browser, page);
      await page.getByRole('button', { name: 'Run all', exact: true }).click();
      const afterRunAll = await framesDrawn(browser, page);
      await page.mouse.move(400, 400);
      await page.mouse.wheel(0, 100_000);
      const afterScroll = await framesDrawn(browser, page);
      console.log(`idle ${n} cells: ${opened} frames opened, ${afterRunAll} after Run all, ${afterScroll} after a scroll (in ${WINDOW_MS} ms)`);
      rows.push({ n, opened, afterRunAll, afterScroll });
      await page.close();
    }
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const table = rows.map((r) => `| ${r.n} | ${r.opened} | ${r.afterRunAll} | ${r.afterScroll} |`).join('\n');
  console.log(
    writeSection(
      HEADING,
      `Measured on ${when} UTC by bench/idle-frames.ts: frames the page drew in ${WINDOW_MS / 1000} s of a trace (BeginMainThreadFrame), ${SETTLE_MS / 1000} s
after the notebook of n chained cells opened (its run on open over), after Run all, and after a scroll to the end, with no
editor focused. Goal: none (a page drawing every 16.7 ms draws 120).

| cells | opened | after Run all | after a scroll |
| --- | --- | --- | --- |
${table}`,
    ),
  );
}

await main();
