import { createRequire } from 'node:module';
import { Worker as NodeWorker, type TransferListItem } from 'node:worker_threads';
import { AsyncDuckDB, ConsoleLogger, LogLevel } from '@duckdb/duckdb-wasm';
import type { Engine } from './types';
import { wasmEngine } from './wasm';

/*
 * DuckDB-WASM inside Node: the same AsyncDuckDB and the same engine code as the browser, with the
 * package's Node worker (duckdb-node-eh.worker.cjs) in a worker_threads thread. Measured facts:
 * - the blocking Node build would run queries on the calling thread, where nothing can cancel them;
 *   the async build with a worker keeps `cancel()` working exactly as in the browser;
 * - the Node worker script expects a Web Worker global scope (`onmessage`, `postMessage`), so the
 *   thread starts with the few lines below that provide one, and the main side gets a small adapter
 *   with the Worker methods AsyncDuckDB calls;
 * - creating the engine (instantiate the 34 MB EH wasm, connect, apply the lockdown) takes ~1.9 s on
 *   a 2-core machine, the first query ~50 ms after it; native DuckDB starts in ~60 ms;
 * - a query that needs an extension (ICU, json, parquet) makes the worker try to download it and
 *   hang; `SET enable_external_access = false` (the first lockdown setting) makes it fail in ~20 ms
 *   with "Extension Autoloading Error … 'icu' … Loading external extensions is disabled".
 */

const packages = createRequire(import.meta.url);
const WORKER_SCRIPT = packages.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-eh.worker.cjs');
const WASM_MODULE = packages.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm');

// The worker logs every failed request with console.log although it also returns the error to the
// caller; silenced so test and CLI output show each error once.
const WORKER_BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
console.log = () => {};
globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
parentPort.on('message', (data) => globalThis.onmessage?.({ data }));
require(workerData.script);
`;

type Listener = (event: { data?: unknown; message?: string }) => void;

/** The part of the Web Worker interface AsyncDuckDB uses, over a worker_threads Worker. */
class WorkerThreadAdapter {
  private readonly thread: NodeWorker;
  private readonly listeners = new Map<string, Set<Listener>>();
  readonly failure: Promise<Error>;

  constructor(script: string) {
    this.thread = new NodeWorker(WORKER_BOOTSTRAP, { eval: true, workerData: { script } });
    this.thread.on('message', (data: unknown) => this.emit('message', { data }));
    this.failure = new Promise((resolve) => {
      this.thread.on('error', (error: Error) => {
        this.emit('error', { message: error.message });
        resolve(error);
      });
      this.thread.on('exit', (code) => {
        this.emit('close', {});
        resolve(new Error(`the DuckDB-WASM worker exited (code ${code})`));
      });
    });
  }

  private emit(type: string, event: { data?: unknown; message?: string }) {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  addEventListener(type: string, listener: Listener) {
    const set = this.listeners.get(type) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: Listener) {
    this.listeners.get(type)?.delete(listener);
  }

  postMessage(message: unknown, transfer?: readonly TransferListItem[]) {
    this.thread.postMessage(message, transfer);
  }

  terminate() {
    void this.thread.terminate();
  }
}

/** DuckDB-WASM running in Node, for the parity tests, the replay CLI and benchmarks. */
export async function createWasmNodeEngine(): Promise<Engine> {
  const worker = new WorkerThreadAdapter(WORKER_SCRIPT);
  // The adapter implements only what AsyncDuckDB calls on a Worker, not the whole DOM interface.
  const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), worker as unknown as Worker);
  await db.instantiate(WASM_MODULE);
  return wasmEngine(db, 'wasm-node', { workerFailure: worker.failure });
}
