// The DuckDB-WASM worker, with the wasm fetched and compiled the moment the worker starts and from a
// plain fetch() response: duckdb-wasm's own worker compiles from a Response it wraps in a
// TransformStream (for progress events), which V8 cannot attach its compiled-code cache to, so it
// compiles 33 MiB again on every load. Compiled straight from the HTTP response, a warm load takes
// the cached machine code. Copied into public/duckdb/<version>/ by scripts/copy-engine-assets.mjs
// next to duckdb-wasm's worker, which it then loads; plain ES2020, no imports.
var build = new URL(self.location.href).searchParams.get('build') === 'mvp' ? 'mvp' : 'eh';
var version = new URL('.', self.location.href).pathname.split('/').filter(Boolean).pop();
var wasmUrl = new URL('/engine/' + version + '/duckdb-' + build + '.wasm', self.location.href).href;
var plainFetch = self.fetch.bind(self);

// An error thrown from a task (not a rejected promise) reaches the page as the Worker's 'error' event:
// duckdb-wasm's instantiate would otherwise wait forever for a compile that failed.
function fail(message) {
  setTimeout(function () {
    throw new Error(message);
  });
}

var compiled = WebAssembly.compileStreaming(
  plainFetch(wasmUrl, { credentials: 'same-origin' }).then(function (response) {
    if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + wasmUrl);
    return response;
  }),
);
compiled.catch(function (error) {
  fail('DuckDB could not be loaded: ' + (error && error.message ? error.message : String(error)) + '; reload the page to retry');
});

// duckdb-wasm fetches the module itself before compiling: that request is answered here, empty,
// and its compile is the one already under way.
self.fetch = function (input, init) {
  var url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (new URL(url, self.location.href).href === wasmUrl) {
    return Promise.resolve(new Response(null, { headers: { 'content-type': 'application/wasm' } }));
  }
  return plainFetch(input, init);
};
WebAssembly.instantiateStreaming = function (_source, imports) {
  return compiled.then(function (module) {
    return WebAssembly.instantiate(module, imports).then(
      function (instance) {
        return { module: module, instance: instance };
      },
      function (error) {
        fail('DuckDB could not be started: ' + (error && error.message ? error.message : String(error)));
        throw error;
      },
    );
  });
};

importScripts('duckdb-browser-' + build + '.worker.js');

// Instantiate at once, not when the page asks: the page's INSTANTIATE comes only after hydration,
// while the compile may be done long before. duckdb-wasm's worker (1.32.0) takes requests through
// globalThis.onmessage and answers through globalThis.postMessage, both looked up at call time: this
// sends it an INSTANTIATE of its own, keeps that answer, and gives it to the page's INSTANTIATE.
(function () {
  var duckdb = self.onmessage;
  if (typeof duckdb !== 'function') return;
  var OWN = -1;
  var post = self.postMessage.bind(self);
  var instantiated = new Promise(function (resolve) {
    self.postMessage = function (message, transfer) {
      if (message && message.requestId === OWN) {
        if (message.type !== 'INSTANTIATE_PROGRESS') resolve(message);
        return;
      }
      post(message, transfer);
    };
  });
  self.onmessage = function (event) {
    var request = event.data;
    if (!request || request.type !== 'INSTANTIATE') return duckdb(event);
    return instantiated.then(function (answer) {
      post({ messageId: answer.messageId, requestId: request.messageId, type: answer.type, data: answer.data }, []);
    });
  };
  duckdb({ data: { messageId: OWN, type: 'INSTANTIATE', data: [wasmUrl, null] } });
})();
