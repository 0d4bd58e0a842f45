/**
 * The security headers of every response (proxy.ts sets them), and why each CSP source is there
 * (docs/security.md):
 * - Only the app's own origin, for everything: the product is air-gapped and loads nothing else.
 * - Pages run Next's scripts by a per-request nonce with 'strict-dynamic', so scripts those load (the
 *   app's chunks, Monaco's AMD loader and modules) run and an injected <script> does not.
 * - 'wasm-unsafe-eval' lets WebAssembly compile, nothing else (no 'unsafe-eval': Vega's expressions
 *   are interpreted, lib/chart/embed.ts). DuckDB compiles its wasm inside its worker, whose script
 *   response carries the asset policy below; Monaco and Vega compile none.
 * - worker-src 'self' blob: — the DuckDB worker is a same-origin script; Monaco starts its workers from
 *   its own files and may wrap them in a blob: URL.
 * - style-src 'unsafe-inline': Monaco and Vega write inline styles; a style cannot run code.
 * - frame-ancestors 'none': no page (the review page's Approve button) can be framed by another site.
 */
const COMMON = {
  'default-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

function serialize(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** For HTML pages, with the request's nonce. Development adds 'unsafe-eval' for React's dev tooling. */
export function pagePolicy(nonce: string, { development = false } = {}): string {
  const script = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'wasm-unsafe-eval'", ...(development ? ["'unsafe-eval'"] : [])];
  return serialize({ ...COMMON, 'script-src': script });
}

/** For everything else: API responses, and static files — among them worker scripts, whose own
 * response policy is the one a worker runs under. */
export function assetPolicy({ development = false } = {}): string {
  return serialize({ ...COMMON, 'script-src': ["'self'", "'wasm-unsafe-eval'", ...(development ? ["'unsafe-eval'"] : [])] });
}

export const SECURITY_HEADERS = {
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
} as const;

/** Pages are paths outside /api and /_next whose last segment has no file extension. */
export function isPagePath(pathname: string): boolean {
  if (pathname.startsWith('/api/') || pathname.startsWith('/_next/')) return false;
  return !/\.[a-z0-9]+$/i.test(pathname.split('/').at(-1) ?? '');
}

/** A nonce of 128 random bits, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
