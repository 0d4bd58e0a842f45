/** @type {import('next').NextConfig} */
const immutable = [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }];

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
    ];
  },
};
