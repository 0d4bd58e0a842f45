/** Where the app serves its own copies of the engine and editor (scripts/copy-engine-assets.mjs puts
 * them there at install). A unit test keeps these versions equal to the installed packages. */
export const DUCKDB_WASM_VERSION = '1.32.0';
export const MONACO_VERSION = '0.57.0';

/** The head script that starts the engine before the page's own JavaScript (lib/engine/boot, copied
 * beside duckdb-wasm's workers). The wasm itself comes precompressed from /engine/<version>/<file>
 * (the rewrites in next.config.js). */
export const engineBootScript = `/duckdb/${DUCKDB_WASM_VERSION}/engine-boot.js`;

export const monacoBase = `/vendor/monaco/${MONACO_VERSION}/vs`;
