/** @type {import('next').NextConfig} */
const immutable = [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }];

// The engine's wasm, precompressed at install (scripts/copy-engine-assets.mjs writes .br and .gz
// beside each file): /engine/<version>/<file> is rewritten to the copy the request accepts and sent
// with that Content-Encoding, so no request compresses 33 MiB. Measured with next 16.4.6: a route
// handler cannot do this, since next drops Content-Encoding from a handler's response and gzips it again,
// while a public/ file whose response already has a Content-Encoding is sent as it is.
const accepts = (coding) => [{ type: 'header', key: 'accept-encoding', value: `(.*\\b${coding}\\b.*)` }];
const wasm = '/engine/:version/:file(duckdb-(?:eh|mvp)\\.wasm)';
const wasmHeaders = (encoding) => [
  ...immutable,
  { key: 'Content-Type', value: 'application/wasm' },
  { key: 'Vary', value: 'Accept-Encoding' },
  ...(encoding ? [{ key: 'Content-Encoding', value: encoding }] : []),
];

export default {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and wasm database engines are loaded from node_modules at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', '@duckdb/node-api', '@duckdb/node-bindings', 'mysql2'],
  // Engine and editor assets live under version-named folders, so they can be cached forever.
  async headers() {
    return [
      { source: '/duckdb/:version/:file*', headers: immutable },
      { source: '/vendor/monaco/:version/:path*', headers: immutable },
      { source: wasm, has: accepts('br'), headers: wasmHeaders('br') },
      { source: wasm, has: accepts('gzip'), missing: accepts('br'), headers: wasmHeaders('gzip') },
      { source: wasm, missing: [...accepts('br'), ...accepts('gzip')], headers: wasmHeaders(null) },
    ];
  },
  async rewrites() {
    return {
      beforeFiles: [
        { source: wasm, has: accepts('br'), destination: '/duckdb/:version/:file.br' },
        { source: wasm, has: accepts('gzip'), destination: '/duckdb/:version/:file.gz' },
        { source: wasm, destination: '/duckdb/:version/:file' },
      ],
    };
  },
};
