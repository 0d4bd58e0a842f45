import type * as Monaco from 'monaco-editor';
import { monacoBase } from '@/lib/engine/assets';

export type MonacoApi = typeof Monaco;

type AmdRequire = {
  (deps: string[], onLoad: () => void, onError: (error: unknown) => void): void;
  config(options: { paths: Record<string, string> }): void;
};
type MonacoWindow = Window & { require?: AmdRequire; monaco?: MonacoApi };

let loading: Promise<MonacoApi> | null = null;

let hold: { until: Promise<void>; release(): void } | null = null;

/**
 * Keeps Monaco from loading until `until` settles or `releaseMonaco()` is called. Parsing and running
 * Monaco's 4 MiB takes both of a small machine's cores while DuckDB-WASM compiles; the notebook page
 * holds it until its first results are in. Call it before the first `loadMonaco()`; afterwards it
 * does nothing.
 */
export function holdMonaco(until: Promise<unknown>): void {
  if (loading || hold) return;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  hold = { until: released, release };
  void until.finally(release);
}

export function releaseMonaco(): void {
  hold?.release();
}

/** Loads Monaco's AMD build from the app's own copy (never a CDN); one load per page. */
export function loadMonaco(): Promise<MonacoApi> {
  loading ??= (hold?.until ?? Promise.resolve()).then(() => fetchMonaco());
  return loading;
}

function fetchMonaco(): Promise<MonacoApi> {
  return new Promise<MonacoApi>((resolve, reject) => {
    const win = window as unknown as MonacoWindow;
    const start = () => {
      const amdRequire = win.require;
      if (!amdRequire) return reject(new Error('the editor loader did not start'));
      amdRequire.config({ paths: { vs: monacoBase } });
      amdRequire(['vs/editor/editor.main'], () => (win.monaco ? resolve(win.monaco) : reject(new Error('the editor did not load'))), reject);
    };
    const script = document.createElement('script');
    script.src = `${monacoBase}/loader.js`;
    script.onload = start;
    script.onerror = () => reject(new Error('the editor could not be loaded from the server'));
    document.head.appendChild(script);
  }).catch((error: unknown) => {
    loading = null;
    throw error;
  });
}
