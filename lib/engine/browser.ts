import { AsyncDuckDB, ConsoleLogger, LogLevel, selectBundle } from '@duckdb/duckdb-wasm';
import { duckdbAssets } from './assets';
import type { Engine } from './types';
import { wasmEngine } from './wasm';

/** Settles when the worker fails to load or crashes (AsyncDuckDB alone would leave queries waiting). */
function workerFailure(worker: Worker): Promise<Error> {
  return new Promise((resolve) => {
    worker.addEventListener('error', (event) => resolve(new Error(`the DuckDB-WASM worker failed: ${event.message || 'unknown error'}`)));
  });
}

/** DuckDB-WASM in a Web Worker, from the app's own copies of the bundles (public/duckdb/<version>/,
 * never a CDN): the exception-handling build where the browser supports WebAssembly exceptions, the
 * MVP build otherwise (`selectBundle` feature-detects, it fetches nothing). */
const START_TIMEOUT_MS = 120_000;

export async function createBrowserEngine(): Promise<Engine> {
  const origin = window.location.origin;
  const bundle = await selectBundle({
    mvp: { mainModule: origin + duckdbAssets.mvp.module, mainWorker: origin + duckdbAssets.mvp.worker },
    eh: { mainModule: origin + duckdbAssets.eh.module, mainWorker: origin + duckdbAssets.eh.worker },
  });
  if (!bundle.mainWorker) throw new Error('no DuckDB-WASM build fits this browser');
  const worker = new Worker(bundle.mainWorker);
  const failure = workerFailure(worker);
  const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), worker);
  // A wasm compile that dies inside the worker (e.g. its download is cut off) rejects nowhere the
  // page can see, so the start is bounded: a clear error beats a spinner that never ends.
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`DuckDB did not start within ${START_TIMEOUT_MS / 1000} s; reload the page to retry`)), START_TIMEOUT_MS),
  );
  await Promise.race([db.instantiate(bundle.mainModule), failure.then((error) => Promise.reject(error)), timeout]);
  const engine = await wasmEngine(db, 'wasm-browser', { workerFailure: failure });
  // Which build ran is part of an experiment artifact (EngineInfo.bundle).
  const build = bundle.mainModule === origin + duckdbAssets.eh.module ? 'wasm-eh' : 'wasm-mvp';
  return Object.assign(engine, { build } as const);
}
