import { artifactId } from '@/lib/artifact/id';
import { recordExperiment, RecordError } from '@/lib/artifact/record';
import type { Annotations, Author, LogEntry } from '@/lib/artifact/schema';
import { DUCKDB_WASM_VERSION } from '@/lib/engine/assets';
import type { Engine } from '@/lib/engine/types';
import type { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import type { CheckResult } from '@/lib/quality/checks';
import type { SandboxDataset, SandboxSpec } from '@/lib/synth';
import { api } from './api';

export type RecordRequest = {
  engine: Engine;
  runner: NotebookRunner<CheckResult>;
  notebook: { id: string; revision: number; cells: Cell[]; forkedFrom: string | null };
  sandbox: { spec: SandboxSpec; datasets: SandboxDataset[]; sources: ReadonlySet<string> };
  author: Author;
  annotations: Annotations;
};

const label = (cell: Cell) => (cell.kind === 'sql' ? `model ${cell.name}` : cell.kind === 'check' ? `checks on ${cell.model}` : `${cell.kind} cell`);

/**
 * Runs every cell once more, in the order a replay will, so the artifact describes one coherent run of
 * exactly the saved cells; then freezes it (lib/artifact/record.ts), computes its id and stores it.
 * A cell that fails stops the recording with its message: an experiment is a run that worked.
 */
export async function recordRun(request: RecordRequest): Promise<{ id: string }> {
  const { engine, runner, notebook } = request;
  // Entries are placed on the run's own clock: the sum of the cells' times so far.
  let clock = 0;
  const at = () => Math.round(clock * 100) / 100;
  const log: LogEntry[] = [{ at: 0, level: 'info', message: `run started: ${notebook.cells.length} cells, revision ${notebook.revision}` }];
  await runner.run(notebook.cells, request.sandbox.sources, { targets: 'all', downstream: false });
  const { cells: states, graph } = runner.getSnapshot();
  const byId = new Map(notebook.cells.map((cell) => [cell.id, cell]));
  const timings: Record<string, number> = {};
  for (const id of graph?.order ?? []) {
    const cell = byId.get(id);
    const state = states[id];
    if (!cell || !state) continue;
    if (state.phase === 'error' || state.phase === 'cancelled') {
      throw new RecordError(`${label(cell)} failed, so there is no run to record: ${state.error?.message ?? state.phase}`);
    }
    if (cell.kind === 'sql' && state.result) {
      timings[id] = Math.round(state.result.elapsedMs * 100) / 100;
      clock += state.result.elapsedMs;
      log.push({ at: at(), level: 'info', message: `model ${cell.name}: ${state.result.rowCount} rows in ${timings[id]} ms` });
    }
    if (cell.kind === 'check' && state.checks) {
      const failing = state.checks.filter((check) => check.status !== 'pass');
      log.push({ at: at(), level: failing.length > 0 ? 'warn' : 'info', message: `checks on ${cell.model}: ${state.checks.length - failing.length} of ${state.checks.length} pass` });
    }
  }
  const artifact = await recordExperiment(engine, {
    notebook: { id: notebook.id, revision: notebook.revision, cells: notebook.cells },
    sandbox: { spec: request.sandbox.spec, datasets: request.sandbox.datasets },
    engine: { bundle: engine.build ?? 'wasm-eh', packageVersion: `@duckdb/duckdb-wasm@${DUCKDB_WASM_VERSION}` },
    author: request.author,
    parent: notebook.forkedFrom,
    annotations: request.annotations,
    timings,
    log: [...log, { at: at(), level: 'info', message: 'run finished' }],
  });
  const id = await artifactId(artifact.content);
  return api<{ id: string }>(`/api/experiments?id=${id}`, { method: 'POST', body: artifact });
}
