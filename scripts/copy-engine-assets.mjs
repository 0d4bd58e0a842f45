// Copies the DuckDB-WASM bundles and Monaco's AMD build from node_modules into public/, under
// folders named for the package version, so the app serves them itself (air-gapped: no CDN) and
// can mark them immutable. The copies are not committed.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(root, 'node_modules');

function installedVersion(pkg) {
  const file = join(modules, pkg, 'package.json');
  if (!existsSync(file)) {
    console.error(`copy-engine-assets: ${pkg} is not installed; run npm install`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

const duckdb = installedVersion('@duckdb/duckdb-wasm');
const monaco = installedVersion('monaco-editor');
const duckdbFiles = ['duckdb-eh.wasm', 'duckdb-mvp.wasm', 'duckdb-browser-eh.worker.js', 'duckdb-browser-mvp.worker.js', 'duckdb-browser.mjs'];

rmSync(join(root, 'public/duckdb'), { recursive: true, force: true });
rmSync(join(root, 'public/vendor/monaco'), { recursive: true, force: true });
for (const file of duckdbFiles) {
  const target = join(root, 'public/duckdb', duckdb, file);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(modules, '@duckdb/duckdb-wasm/dist', file), target);
}
cpSync(join(modules, 'monaco-editor/min/vs'), join(root, 'public/vendor/monaco', monaco, 'vs'), { recursive: true });
console.log(`copy-engine-assets: duckdb-wasm ${duckdb} and monaco-editor ${monaco} copied into public/`);
