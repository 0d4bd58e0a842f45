import 'server-only';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DUCKDB_WASM_VERSION } from '@/lib/engine/assets';
import { AppError } from '@/lib/errors';

/** The encodings the copy script writes beside each wasm (scripts/copy-engine-assets.mjs), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

export type WasmEncoding = (typeof ENCODINGS)[number]['name'] | 'identity';

/** The best precompressed copy the client accepts: brotli, then gzip, else the plain file. `q=0`
 * refuses a coding (RFC 9110 §12.5.3); anything unparseable counts as not offered. */
export function pickEncoding(acceptEncoding: string | null): WasmEncoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (!coding) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : /^q=[0-9.]+$/u.test(q) ? Number(q.slice(2)) : 0;
    accepted.set(coding, Number.isFinite(weight) ? weight : 0);
  }
  const offered = (coding: string) => (accepted.get(coding) ?? accepted.get('*') ?? 0) > 0;
  return ENCODINGS.find((e) => offered(e.name))?.name ?? 'identity';
}

const FILES = new Set(['duckdb-eh.wasm', 'duckdb-mvp.wasm']);
const loaded = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

/** Read once per process and kept: the copies are immutable and small next to the server's heap
 * (about 16 MiB for both builds' brotli and gzip copies together). */
function load(path: string): Promise<Uint8Array<ArrayBuffer>> {
  let file = loaded.get(path);
  if (file === undefined) {
    file = readFile(path).then((b) => new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.length));
    file.catch(() => loaded.delete(path));
    loaded.set(path, file);
  }
  return file;
}

/** The wasm of one DuckDB-WASM build as a static file, precompressed at install: no compression work
 * per request (next start would gzip 33 MiB each time), served immutable under its version's path. */
export async function wasmResponse(version: string, file: string, acceptEncoding: string | null): Promise<Response> {
  if (version !== DUCKDB_WASM_VERSION || !FILES.has(file)) throw new AppError('not_found', `no engine file ${version}/${file}`);
  const encoding = pickEncoding(acceptEncoding);
  const suffix = ENCODINGS.find((e) => e.name === encoding)?.suffix ?? '';
  const base = join(process.cwd(), 'public', 'duckdb', version, file);
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await load(base + suffix);
  } catch {
    // An install that predates the precompressed copies still works, uncompressed.
    if (suffix === '') throw new AppError('not_found', `the engine file ${version}/${file} is not installed; run npm install`);
    return wasmResponse(version, file, 'identity');
  }
  const headers: Record<string, string> = {
    'content-type': 'application/wasm',
    'content-length': String(body.length),
    'cache-control': 'public, max-age=31536000, immutable',
    vary: 'Accept-Encoding',
  };
  if (encoding !== 'identity' && suffix !== '') headers['content-encoding'] = encoding;
  return new Response(body, { headers });
}
