import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DUCKDB_WASM_VERSION } from '@/lib/engine/assets';
import { pickEncoding, wasmResponse } from './wasm-files';

describe('precompressed engine wasm', () => {
  it('picks brotli, then gzip, then the plain file, as the client accepts', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip, deflate')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*, br;q=0')).toBe('gzip');
    expect(pickEncoding('identity')).toBe('identity');
    expect(pickEncoding(null)).toBe('identity');
    expect(pickEncoding('gzip;q=nonsense')).toBe('identity');
  });

  it('serves each copy as application/wasm, immutable, with its encoding, decoding to the plain file', async () => {
    const plain = readFileSync(`public/duckdb/${DUCKDB_WASM_VERSION}/duckdb-eh.wasm`);
    const decoders = { br: brotliDecompressSync, gzip: gunzipSync, identity: (b: Buffer) => b } as const;
    for (const encoding of ['br', 'gzip', 'identity'] as const) {
      const response = await wasmResponse(DUCKDB_WASM_VERSION, 'duckdb-eh.wasm', encoding);
      expect(response.headers.get('content-type')).toBe('application/wasm');
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('vary')).toBe('Accept-Encoding');
      expect(response.headers.get('content-encoding')).toBe(encoding === 'identity' ? null : encoding);
      const body = Buffer.from(await response.arrayBuffer());
      expect(Number(response.headers.get('content-length'))).toBe(body.length);
      expect(decoders[encoding](body).equals(plain)).toBe(true);
    }
  });

  it('refuses other files and versions with 404', async () => {
    await expect(wasmResponse(DUCKDB_WASM_VERSION, '../../package.json', 'br')).rejects.toMatchObject({ code: 'not_found' });
    await expect(wasmResponse('0.0.1', 'duckdb-eh.wasm', 'br')).rejects.toMatchObject({ code: 'not_found' });
  });
});
