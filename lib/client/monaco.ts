import type * as Monaco from 'monaco-editor';
import { monacoBase } from '@/lib/engine/assets';

export type MonacoApi = typeof Monaco;

type AmdRequire = {
  (deps: string[], onLoad: () => void, onError: (error: unknown) => void): void;
  config(options: { paths: Record<string, string> }): void;
};
type MonacoWindow = Window & { require?: AmdRequire; monaco?: MonacoApi };

let loading: Promise<MonacoApi> | null = null;

/** Loads Monaco's AMD build from the app's own copy (never a CDN); one load per page. */
export function loadMonaco(): Promise<MonacoApi> {
  loading ??= new Promise<MonacoApi>((resolve, reject) => {
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
  return loading;
}
