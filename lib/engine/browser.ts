import { AsyncDuckDB, ConsoleLogger, LogLevel } from '@duckdb/duckdb-wasm';
import { engineBootScript } from './assets';
import type { Engine } from './types';
import { wasmEngine } from './wasm';

/** What the head script (lib/engine/boot/engine-boot.js) started: the build it picked by feature
 * detection, the wasm's URL, the worker already fetching and compiling it, and its first error. */
type EngineBoot = {
  build: 'eh' | 'mvp';
  module: string;
  worker: Worker | null;
  failure: Promise<string>;
  startedAt: number;
};

declare global {
  interface Window {
    __assayEngine?: EngineBoot;
  }
}

/** The engine the head script started, or, on a page without it, the same script loaded now (one
 * start-up path either way). */
async function engineBoot(): Promise<EngineBoot> {
  if (window.__assayEngine) return window.__assayEngine;
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = engineBootScript;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`the DuckDB start-up script ${engineBootScript} could not be loaded; reload the page to retry`));
    document.head.append(script);
  });
  if (!window.__assayEngine) throw new Error('the DuckDB start-up script did not start the engine');
  return window.__assayEngine;
}

// A worker's uncaught error arrives as 'Uncaught Error: …'; the page shows what comes after.
const workerError = (message: string) => new Error(message.replace(/^Uncaught (\w*Error: )?/u, ''));

/** A compile that never finishes (a stalled download) is bounded: a clear error beats a spinner. */
const START_TIMEOUT_MS = 120_000;

/** DuckDB-WASM in a Web Worker, from the app's own copies of the bundles (never a CDN): the
 * exception-handling build where the browser supports WebAssembly exceptions, the MVP build otherwise. */
export async function createBrowserEngine(): Promise<Engine> {
  const boot = await engineBoot();
  const failure = boot.failure.then(workerError);
  if (boot.worker === null) throw await failure;
  // Taken once: a second engine on the same page would need a worker of its own.
  window.__assayEngine = undefined;
  const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), boot.worker);
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`DuckDB did not start within ${START_TIMEOUT_MS / 1000} s; reload the page to retry`)), START_TIMEOUT_MS),
  );
  await Promise.race([db.instantiate(boot.module), failure.then((error) => Promise.reject(error)), timeout]);
  const engine = await wasmEngine(db, 'wasm-browser', { workerFailure: failure });
  // Which build ran is part of an experiment artifact (EngineInfo.bundle).
  return Object.assign(engine, { build: boot.build === 'eh' ? 'wasm-eh' : 'wasm-mvp' } as const);
}
