// bench/bare.html's script (see there): the bare duckdb-wasm page.
import { AsyncDuckDB, ConsoleLogger, LogLevel, selectBundle } from '/bench/duckdb-browser.mjs';

const origin = window.location.origin;
const bundle = await selectBundle({
  mvp: { mainModule: `${origin}/duckdb/1.32.0/duckdb-mvp.wasm`, mainWorker: `${origin}/duckdb/1.32.0/duckdb-browser-mvp.worker.js` },
  eh: { mainModule: `${origin}/duckdb/1.32.0/duckdb-eh.wasm`, mainWorker: `${origin}/duckdb/1.32.0/duckdb-browser-eh.worker.js` },
});
const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), new Worker(bundle.mainWorker));
await db.instantiate(bundle.mainModule);
const connection = await db.connect();
await connection.query('SET enable_external_access = false');
// For bench/workbench.ts: a query timed in the page, plain or as the app runs a cell
// (lib/notebook/execute.ts: CREATE OR REPLACE TABLE … AS as a pending query, then DESCRIBE).
window.benchQuery = async (sql, mode) => {
  const started = performance.now();
  if (mode === 'select') {
    await connection.query(sql);
  } else {
    const reader = await connection.send(`CREATE OR REPLACE TABLE "overhead" AS (\n${sql}\n)`, false);
    await reader.readAll();
    await connection.query('DESCRIBE "overhead"');
  }
  return performance.now() - started;
};
const table = await connection.query('select 42 as answer');
const answer = document.createElement('output');
answer.setAttribute('aria-label', 'answer');
answer.textContent = String(table.getChildAt(0)?.get(0));
document.body.append(answer);
const status = document.createElement('p');
status.textContent = `DuckDB ${await db.getVersion()} · in browser`;
document.body.append(status);
