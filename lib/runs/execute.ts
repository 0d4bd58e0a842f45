// Server side only (the warehouse is a native addon); framework-free so the tests and the CLI import it.
import type { Column } from '@/lib/engine/types';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import { runChecks, type CheckResult } from '@/lib/quality/checks';
import { severityOf, type CheckSeverity } from '@/lib/quality/schema';
import type { RunSchema, TableName, Warehouse } from '@/lib/warehouse/types';

export type RunInput = { name: string; table: TableName };

export type ModelOutcome = {
  name: string;
  /** An output gets a production name when the run publishes; the others stay with the run. */
  output: boolean;
  table: TableName;
  rows: number;
  fingerprint: string;
  schema: Column[];
  elapsedMs: number;
};

export type RunCheckOutcome = Pick<CheckResult, 'checkId' | 'kind' | 'label' | 'status' | 'failing' | 'sample' | 'message'> & {
  cellId: string;
  model: string;
  severity: CheckSeverity;
  /** Failed (or could not be evaluated) with severity `error`: the run must not publish. */
  blocking: boolean;
};

export type RunExecution = {
  status: 'passed' | 'checks_failed' | 'model_failed';
  models: ModelOutcome[];
  checks: RunCheckOutcome[];
  /** The first cell that failed, as the notebook words it; null unless status is model_failed. */
  error: string | null;
  elapsedMs: number;
};

/**
 * Builds every model of a pipeline version in `schema` of the warehouse over `inputs` (snapshot tables
 * under their dataset names), with the notebook runner and executor the browser and the replay use,
 * then fingerprints each model and judges the checks by severity. A cell that fails is an outcome,
 * not an exception (it fails the same way on every retry); only the warehouse failing throws.
 */
export async function executeRun(
  warehouse: Warehouse,
  input: { schema: RunSchema; cells: Cell[]; inputs: readonly RunInput[]; outputs: readonly string[] | null },
): Promise<RunExecution> {
  const started = performance.now();
  const engine = await warehouse.runEngine(input.schema, input.inputs);
  const elapsed = new Map<string, number>();
  try {
    const runner = new NotebookRunner<CheckResult>(async () => engine, runChecks);
    await runner.run(input.cells, new Set(input.inputs.map((i) => i.name)), { targets: 'all', downstream: false });
    const { cells: states, graph } = runner.getSnapshot();
    for (const cell of input.cells) {
      const result = states[cell.id]?.result;
      if (cell.kind === 'sql' && result) elapsed.set(cell.name, result.elapsedMs);
    }

    const byId = new Map(input.cells.map((cell) => [cell.id, cell]));
    for (const id of graph?.order ?? []) {
      const state = states[id];
      if (state?.phase === 'done') continue;
      const cell = byId.get(id);
      const what = cell?.kind === 'sql' ? `model ${cell.name}` : cell?.kind === 'check' ? `checks on ${cell.model}` : `${cell?.kind ?? 'cell'} cell`;
      const error = `cell ${id} (${what}): ${state?.error?.message ?? `did not run (${state?.phase ?? 'not planned'})`}`;
      return { status: 'model_failed', models: [], checks: [], error, elapsedMs: performance.now() - started };
    }

    const models: ModelOutcome[] = [];
    for (const cell of input.cells) {
      if (cell.kind !== 'sql') continue;
      const table = { layer: input.schema, name: cell.name };
      const [{ rows, fingerprint }, schema] = await Promise.all([warehouse.fingerprint(table), warehouse.describe(table)]);
      const output = input.outputs === null || input.outputs.includes(cell.name);
      models.push({ name: cell.name, output, table, rows, fingerprint, schema, elapsedMs: elapsed.get(cell.name) ?? 0 });
    }

    const checks: RunCheckOutcome[] = input.cells.flatMap((cell) => {
      if (cell.kind !== 'check') return [];
      return (states[cell.id]?.checks ?? []).map((result) => {
        const definition = cell.checks.find((c) => c.id === result.checkId);
        const severity = definition ? severityOf(definition) : 'error';
        // A check that could not be evaluated blocks like a failing one: fail closed.
        const blocking = severity === 'error' && (result.status === 'fail' || result.status === 'error');
        const { checkId, kind, label, status, failing, sample, message } = result;
        return { cellId: cell.id, model: cell.model, checkId, kind, label, status, failing, sample, message, severity, blocking };
      });
    });
    const status = checks.some((c) => c.blocking) ? 'checks_failed' : 'passed';
    return { status, models, checks, error: null, elapsedMs: performance.now() - started };
  } finally {
    await engine.close();
  }
}
