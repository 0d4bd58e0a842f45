// Starts DuckDB-WASM before the page's own JavaScript: loaded as an async script from the document
// head (a same-origin file, so a CSP of script-src 'self' allows it), it picks the build, creates the
// worker and so starts the wasm download and compile while React, the page's bundles and Monaco are
// still loading. lib/engine/browser.ts takes over what it started (window.__assayEngine).
// Copied into public/duckdb/<version>/ by scripts/copy-engine-assets.mjs; plain ES2020, no imports.
(function () {
  if (window.__assayEngine) return;
  var script = document.currentScript;
  var folder = new URL('.', script && script.src ? script.src : location.href);
  var version = folder.pathname.split('/').filter(Boolean).pop();
  // A function whose body is `try … catch_all … end`: valid only where WebAssembly exceptions are
  // supported, the feature the exception-handling build needs (what duckdb-wasm's selectBundle asks).
  var exceptions = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11]);
  var build = typeof WebAssembly === 'object' && WebAssembly.validate(exceptions) ? 'eh' : 'mvp';
  var boot = {
    build: build,
    module: new URL('/engine/' + version + '/duckdb-' + build + '.wasm', location.href).href,
    worker: null,
    // Settles with the worker's first error: one raised before the page listens would be lost.
    failure: null,
    startedAt: performance.now(),
  };
  try {
    boot.worker = new Worker(new URL('engine-worker.js?build=' + build, folder).href);
    boot.failure = new Promise(function (resolve) {
      boot.worker.addEventListener('error', function (event) {
        resolve(event.message || 'the DuckDB worker failed to load');
      });
    });
  } catch (error) {
    boot.failure = Promise.resolve('the DuckDB worker could not be created: ' + (error && error.message ? error.message : String(error)));
  }
  window.__assayEngine = boot;
})();
