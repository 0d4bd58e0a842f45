/* Runs a sandbox plan on an engine: one CREATE TABLE per dataset, then each table's summary and hash. */
import type { Engine } from '@/lib/engine/types';
import { summarizeTable } from './hash';
import { planSandbox } from './plan';
import type { SandboxDataset, SyntheticSpec } from './spec';

export type GeneratedTable = { name: string; rows: number; columns: number; bytes: number | null; hash: string; elapsedMs: number };
export type SandboxResult = { tables: GeneratedTable[]; elapsedMs: number };

/** Generates every dataset of the sandbox as a table named after it, replacing an older one. Throws
 * an Error with the plan's message when the spec does not fit the datasets. `elapsedMs` of a table is
 * its CREATE TABLE; the total also counts the hashing. */
export async function generateSandbox(
  engine: Engine,
  datasets: readonly SandboxDataset[],
  spec: SyntheticSpec,
  onProgress?: (step: string) => void,
): Promise<SandboxResult> {
  const plan = planSandbox(datasets, spec);
  if (!plan.ok) throw new Error(plan.error);
  const started = performance.now();
  const tables: GeneratedTable[] = [];
  for (const [i, step] of plan.steps.entries()) {
    const rows = step.rows.min === step.rows.max ? `${step.rows.min.toLocaleString('en-US')} rows` : 'rows per parent';
    onProgress?.(`Generating ${step.dataset} (${rows}, ${i + 1} of ${plan.steps.length})`);
    const createStarted = performance.now();
    await engine.query(step.sql, { exactTypes: false });
    const elapsedMs = performance.now() - createStarted;
    onProgress?.(`Hashing ${step.dataset}`);
    const summary = await summarizeTable(engine, step.dataset);
    tables.push({ name: step.dataset, ...summary, bytes: null, elapsedMs });
  }
  return { tables, elapsedMs: performance.now() - started };
}
