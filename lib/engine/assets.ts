/** Where the app serves its own copies of the engine and editor (scripts/copy-engine-assets.mjs puts
 * them there at install). A unit test keeps these versions equal to the installed packages. */
export const DUCKDB_WASM_VERSION = '1.32.0';
export const MONACO_VERSION = '0.57.0';

export const duckdbAssets = {
  eh: { module: `/duckdb/${DUCKDB_WASM_VERSION}/duckdb-eh.wasm`, worker: `/duckdb/${DUCKDB_WASM_VERSION}/duckdb-browser-eh.worker.js` },
  mvp: { module: `/duckdb/${DUCKDB_WASM_VERSION}/duckdb-mvp.wasm`, worker: `/duckdb/${DUCKDB_WASM_VERSION}/duckdb-browser-mvp.worker.js` },
};

export const monacoBase = `/vendor/monaco/${MONACO_VERSION}/vs`;
