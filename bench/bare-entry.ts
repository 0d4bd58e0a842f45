// The baseline: nothing but duckdb-wasm and the same bundles the app serves, running one query.
import { AsyncDuckDB, ConsoleLogger, LogLevel, selectBundle } from '@duckdb/duckdb-wasm';
import { duckdbAssets } from '../lib/engine/assets';

async function main() {
  const origin = window.location.origin;
  const bundle = await selectBundle({
    mvp: { mainModule: origin + duckdbAssets.mvp.module, mainWorker: origin + duckdbAssets.mvp.worker },
    eh: { mainModule: origin + duckdbAssets.eh.module, mainWorker: origin + duckdbAssets.eh.worker },
  });
  const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), new Worker(bundle.mainWorker!));
  await db.instantiate(bundle.mainModule);
  const connection = await db.connect();
  await connection.query('SET enable_external_access = false');
  const table = await connection.query('select 42 as answer');
  const cell = document.createElement('output');
  cell.setAttribute('aria-label', 'answer');
  cell.textContent = String(table.getChildAt(0)?.get(0));
  document.body.append(cell);
}

void main();
