import { register } from 'node:module';
import type { Cell } from '../lib/notebook/schema';

/** The demo notebook's cells. The demo seed begins with `import 'server-only'`, which throws outside
 * React Server Components; as in vitest.config.ts it resolves to an empty module here. */
export async function demoCells(): Promise<Cell[]> {
  const hook = `export async function resolve(specifier, context, next) {
    return specifier === 'server-only' ? { url: 'data:text/javascript,', shortCircuit: true } : next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  return (await import('../lib/server/demo/seed')).DEMO_NOTEBOOK_CELLS();
}
