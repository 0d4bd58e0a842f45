// Headless Chromium side of `npm run bench`: one cold load and one warm reload of a page, timed in the
// page itself from navigation start (performance.now()) to the frame that shows the answer 42.
// Functions that run in the browser are written without named inner functions: tsx would wrap those
// in a `__name()` helper that does not exist in the page.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from '@playwright/test';

export const CHROMIUM_PATH = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const TIMEOUT = 120_000;
const READY = /DuckDB v1\.4\.3 · in browser/u;

/** Milliseconds since navigation start, recorded in the page. */
type Marks = { readyAt?: number; enabledAt?: number; clickAt?: number; answerAt?: number };
declare global {
  interface Window {
    __bench?: Marks;
  }
}

/** CSS selectors the page observer watches: where the 42 appears, and the app's Run button. */
type Watch = { answer: string; run: string | null };

export type Target = { kind: 'app' | 'bare'; url: string };

/** Every fetch of a .wasm during one load, from Resource Timing in the page and its workers. */
export type WasmUse = {
  requests: number;
  /** Bytes that crossed the network (headers included); 0 when the HTTP cache answered. */
  transferBytes: number;
  decodedBytes: number;
  /** ms since navigation start: first request start, last response end. */
  startMs: number;
  endMs: number;
  encoding: string;
  cacheControl: string;
};

export type Load = { htmlMs: number; answerMs: number; readyMs: number | null; enabledMs: number | null; clickMs: number | null; wasm: WasmUse };

/** Installed before any page script: records when the engine reports ready, when Run becomes
 * enabled and is clicked, and the first animation frame after a 42 appears where `watch.answer` says. */
function observe(watch: Watch): void {
  const marks: Marks = {};
  const ready = /DuckDB v1\.4\.3 · in browser/u;
  let answered = false;
  window.__bench = marks;
  performance.setResourceTimingBufferSize(10_000);
  new MutationObserver((records) => {
    const now = performance.now();
    if (marks.readyAt === undefined) {
      for (const target of new Set(records.map((record) => (record.target instanceof Element ? record.target : record.target.parentElement)))) {
        if (target && target.tagName !== 'SCRIPT' && ready.test(target.textContent ?? '')) marks.readyAt = now;
      }
    }
    if (watch.run !== null && marks.enabledAt === undefined && document.querySelector(`${watch.run}:not(:disabled)`)) marks.enabledAt = now;
    if (!answered && Array.from(document.querySelectorAll(watch.answer)).some((cell) => cell.textContent?.trim() === '42')) {
      answered = true;
      requestAnimationFrame(() => {
        marks.answerAt = performance.now();
      });
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['disabled'] });
  window.addEventListener(
    'click',
    (event) => {
      if (watch.run !== null && marks.clickAt === undefined && event.target instanceof Element && event.target.closest(watch.run)) marks.clickAt = performance.now();
    },
    true,
  );
}

type WasmEntry = { start: number; end: number; transferSize: number; decodedBodySize: number };

/** Runs in the page and in each worker: absolute times, so worker and page clocks line up. */
function wasmEntries(): WasmEntry[] {
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.name.endsWith('.wasm'))
    .map((entry) => {
      const timing = entry as PerformanceResourceTiming;
      return {
        start: performance.timeOrigin + timing.startTime,
        end: performance.timeOrigin + timing.responseEnd,
        transferSize: timing.transferSize,
        decodedBodySize: timing.decodedBodySize,
      };
    });
}

async function wasmUse(page: Page, headers: Response | null): Promise<WasmUse> {
  const origin = await page.evaluate(() => performance.timeOrigin);
  const scopes = await Promise.all([page.evaluate(wasmEntries), ...page.workers().map((worker) => worker.evaluate(wasmEntries).catch(() => []))]);
  const entries = scopes.flat();
  const h = headers?.headers() ?? {};
  return {
    requests: entries.length,
    transferBytes: entries.reduce((sum, e) => sum + e.transferSize, 0),
    decodedBytes: entries.reduce((sum, e) => sum + e.decodedBodySize, 0),
    startMs: entries.length ? Math.min(...entries.map((e) => e.start)) - origin : NaN,
    endMs: entries.length ? Math.max(...entries.map((e) => e.end)) - origin : NaN,
    encoding: headers ? (h['content-encoding'] ?? 'identity') : 'no response seen',
    cacheControl: h['cache-control'] ?? 'none',
  };
}

async function load(page: Page, target: Target, navigate: () => Promise<unknown>): Promise<Load> {
  let wasmResponse: Response | null = null;
  const onResponse = (response: Response) => {
    if (response.url().endsWith('.wasm')) wasmResponse = response;
  };
  page.on('response', onResponse);
  await navigate();
  if (target.kind === 'app') {
    // Click Run in the first frame it is enabled (it stays disabled until the engine is ready).
    await page.waitForFunction(() => window.__bench?.enabledAt !== undefined, undefined, { polling: 'raf', timeout: TIMEOUT });
    await page.getByRole('button', { name: 'Run SQL cell answer' }).click({ timeout: TIMEOUT });
    await page.getByRole('grid', { name: 'Result of answer' }).getByRole('gridcell', { name: '42', exact: true }).waitFor({ timeout: TIMEOUT });
    await page.getByText(READY).waitFor({ timeout: TIMEOUT });
  } else {
    await page.getByLabel('answer').filter({ hasText: '42' }).waitFor({ timeout: TIMEOUT });
  }
  await page.waitForFunction(() => window.__bench?.answerAt !== undefined, undefined, { polling: 'raf', timeout: TIMEOUT });
  const marks = await page.evaluate(() => window.__bench ?? {});
  const htmlMs = await page.evaluate(() => (performance.getEntriesByType('navigation') as PerformanceNavigationTiming[])[0]?.responseEnd ?? NaN);
  page.off('response', onResponse);
  if (marks.answerAt === undefined) throw new Error(`no answer time recorded on ${target.url}`);
  return {
    htmlMs,
    answerMs: marks.answerAt,
    readyMs: marks.readyAt ?? null,
    enabledMs: marks.enabledAt ?? null,
    clickMs: marks.clickAt ?? null,
    wasm: await wasmUse(page, wasmResponse),
  };
}

export type Profile = 'disk' | 'incognito';

/** A fresh browser profile per call: `disk` is a new persistent profile in an empty temporary
 * directory (an on-disk HTTP cache, like a user's browser), `incognito` a new context of `browser`
 * (Playwright's default: in-memory HTTP cache). The app is signed in through the auth API once. */
export async function coldAndWarm(target: Target, profile: Profile, baseUrl: string, browser: Browser): Promise<{ cold: Load; warm: Load }> {
  const dir = profile === 'disk' ? mkdtempSync(join(tmpdir(), 'assay-bench-profile-')) : null;
  const context: BrowserContext = dir
    ? await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
    : await browser.newContext();
  try {
    if (target.kind === 'app') {
      const signIn = await context.request.post(`${baseUrl}/api/auth/sign-in/email`, {
        headers: { origin: baseUrl },
        data: { email: 'analyst@assay.local', password: 'assay-demo-password' },
      });
      if (!signIn.ok()) throw new Error(`sign-in failed: HTTP ${signIn.status()} ${await signIn.text()}`);
    }
    const page = context.pages()[0] ?? (await context.newPage());
    // Let a freshly launched browser settle before the clock starts (a user's browser is already running).
    await page.goto('about:blank');
    await page.waitForTimeout(1_000);
    await page.addInitScript(observe, { answer: target.kind === 'app' ? '[role="grid"][aria-label="Result of answer"] [role="gridcell"]' : 'output[aria-label="answer"]', run: target.kind === 'app' ? 'button[aria-label="Run SQL cell answer"]' : null });
    const cold = await load(page, target, () => page.goto(target.url, { waitUntil: 'commit' }));
    const warm = await load(page, target, () => page.reload({ waitUntil: 'commit' }));
    return { cold, warm };
  } finally {
    await context.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
