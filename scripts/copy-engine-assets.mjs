// Copies the DuckDB-WASM bundles and Monaco's AMD build from node_modules into public/, under
// folders named for the package version, so the app serves them itself (air-gapped: no CDN) and
// can mark them immutable. The copies are not committed. Each wasm also gets a brotli and a gzip copy
// (next.config.js serves them as /engine/<version>/<file>, so no request compresses 33 MiB), and the app's own start-up
// scripts (lib/engine/boot) go beside duckdb-wasm's workers.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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
for (const file of ['engine-boot.js', 'engine-worker.js']) cpSync(join(root, 'lib/engine/boot', file), join(root, 'public/duckdb', duckdb, file));
// Brotli quality 5: measured on duckdb-eh.wasm (32.7 MiB), 5.9 MiB at quality 9 took 52 s on a loaded
// 2-core machine, 6.2 MiB at quality 5 took 6 s; gzip -9 gives 7.4 MiB for clients without brotli.
for (const file of duckdbFiles.filter((f) => f.endsWith('.wasm'))) {
  const path = join(root, 'public/duckdb', duckdb, file);
  const plain = readFileSync(path);
  const brotli = { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: plain.length };
  writeFileSync(`${path}.br`, brotliCompressSync(plain, { params: brotli }));
  writeFileSync(`${path}.gz`, gzipSync(plain, { level: 9 }));
}
cpSync(join(modules, 'monaco-editor/min/vs'), join(root, 'public/vendor/monaco', monaco, 'vs'), { recursive: true });
console.log(`copy-engine-assets: duckdb-wasm ${duckdb} and monaco-editor ${monaco} copied into public/ (wasm also as .br and .gz)`);
