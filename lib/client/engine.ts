import type { Engine } from '@/lib/engine/types';

let starting: Promise<Engine> | null = null;

/** One DuckDB-WASM engine per page, started on first use; every cell runs against it. */
export function browserEngine(): Promise<Engine> {
  starting ??= import('@/lib/engine/browser')
    .then((m) => m.createBrowserEngine())
    .catch((error: unknown) => {
      starting = null;
      throw error;
    });
  return starting;
}
