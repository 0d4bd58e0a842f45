import type { Engine } from '@/lib/engine/types';
import { quoteIdent } from '@/lib/notebook/execute';
import type { NotebookGraph } from '@/lib/notebook/graph';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import { runChecks } from '@/lib/quality/checks';
import { planSandbox, type SandboxDataset, type SandboxSpec } from '@/lib/synth';
import { fingerprintTable } from './fingerprint';
import { findNondeterminism } from './nondeterminism';
import {
  ARTIFACT_FORMAT,
  Artifact,
  MAX_PREVIEW_VALUE,
  PREVIEW_ROWS,
  withoutLayout,
  type Annotations,
  type Author,
  type CheckOutcome,
  type EngineInfo,
  type InputTable,
  type LogEntry,
  type ModelResult,
  type Reproducible,
} from './schema';
import { codeTokens, isPunct } from '@/lib/sql/tokens';

export type RecordInput = {
  notebook: { id: string; revision: number; cells: readonly Cell[] };
  /** The sandbox the run read: its spec and the catalog datasets it was generated from. */
  sandbox: { spec: SandboxSpec; datasets: readonly SandboxDataset[] } | null;
  /** The DuckDB version is read from the engine itself; the caller names the build it loaded. */
  engine: Omit<EngineInfo, 'duckdbVersion'>;
  author: Author;
  parent: string | null;
  annotations: Annotations;
  parameters?: Record<string, string | number | boolean | null>;
  /** From the run that produced the tables: wall-clock ms by cell id, and its log. */
  timings?: Readonly<Record<string, number>>;
  log?: readonly LogEntry[];
  /** Defaults to now. */
  createdAt?: Date;
};

/** Why a recording was refused: the engine's state or the input cannot make a valid artifact. */
export class RecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordError';
  }
}

const MAX_REASONS = 200;

async function existingTables(engine: Engine): Promise<Set<string>> {
  const { rows } = await engine.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'", { exactTypes: false });
  return new Set(rows.map(([name]) => String(name)));
}

/** Cut to MAX_PREVIEW_VALUE UTF-16 units without splitting a surrogate pair (the fingerprint covers
 * the full value; replay.ts leaves cut values out of its row comparison). */
export function previewValue(value: string): string {
  if (value.length <= MAX_PREVIEW_VALUE) return value;
  const cut = value.slice(0, MAX_PREVIEW_VALUE);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Schema, row count, fingerprint and the first PREVIEW_ROWS rows as DuckDB renders them (VARCHAR,
 * so both engines show the same text) of one model table. */
export async function describeModel(engine: Engine, name: string): Promise<ModelResult> {
  const table = quoteIdent(name);
  const described = await engine.query(`DESCRIBE ${table}`, { exactTypes: false });
  const schema = described.rows.map(([column, type]) => ({ name: String(column), type: String(type) }));
  const { rows, fingerprint } = await fingerprintTable(engine, name);
  const preview = await engine.query(`SELECT COLUMNS(*)::VARCHAR FROM ${table} LIMIT ${PREVIEW_ROWS}`, { exactTypes: false });
  return {
    name,
    schema,
    rowCount: rows,
    fingerprint,
    preview: {
      columns: schema.map((column) => column.name),
      rows: preview.rows.map((row) => row.map((value) => (value === null ? null : previewValue(String(value))))),
    },
  };
}


/** Literal arguments of setseed() calls, in run order: `setseed`, `setseed_2`, … */
function sqlSeeds(cells: readonly Cell[]): Record<string, number> {
  const seeds: Record<string, number> = {};
  let n = 0;
  for (const cell of cells) {
    if (cell.kind !== 'sql') continue;
    const tokens = codeTokens(cell.source);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.kind !== 'word' || token.text.toLowerCase() !== 'setseed' || !isPunct(tokens[i + 1], '(')) continue;
      const negative = isPunct(tokens[i + 2], '-');
      const literal = tokens[i + (negative ? 3 : 2)];
      if (literal?.kind !== 'number' || !isPunct(tokens[i + (negative ? 4 : 3)], ')')) continue;
      const value = Number(literal.text) * (negative ? -1 : 1);
      if (!Number.isFinite(value)) continue;
      n += 1;
      seeds[n === 1 ? 'setseed' : `setseed_${n}`] = value;
    }
  }
  return seeds;
}

/** The input tables of a sandbox: what the generator makes, or every dataset a sample holds. */
function sandboxSources(datasets: readonly SandboxDataset[], spec: SandboxSpec): Set<string> {
  if (spec.kind === 'sample') return new Set(datasets.map((d) => d.name));
  const plan = planSandbox(datasets, spec);
  if (!plan.ok) throw new RecordError(`the sandbox spec does not fit the datasets: ${plan.error}`);
  return new Set(plan.steps.map((step) => step.dataset));
}

function reproducibility(cells: readonly Cell[]): Reproducible {
  const found = findNondeterminism(cells);
  if (found.length === 0) return { ok: true };
  const reasons = [...new Set(found.map((f) => `cell ${f.cellId}, line ${f.line}: ${f.reason}`.slice(0, 1_000)))];
  return { ok: false, reasons: reasons.slice(0, MAX_REASONS) };
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.map(String).join('.')}: ${issue.message}`))
    .join('; ');
}

/**
 * Freezes a run into an artifact. It runs nothing new: it only reads the tables the run left on
 * `engine` (each model's schema, row count, fingerprint and preview; each sandbox table's
 * fingerprint), evaluates the check cells (read-only queries) and scans the SQL for calls a replay
 * cannot reproduce. Models whose table does not exist (their cell failed) are left out. The caller
 * computes the id (id.ts). Rejects with a RecordError when there is no sandbox, a sandbox table is
 * missing, or the result is not a valid artifact.
 */
export async function recordExperiment(engine: Engine, input: RecordInput): Promise<Artifact> {
  if (input.sandbox === null) {
    throw new RecordError('an experiment records its sandbox input: generate the sandbox before recording');
  }
  const { spec, datasets } = input.sandbox;
  const cells = withoutLayout(input.notebook.cells);
  const sources = sandboxSources(datasets, spec);

  // The graph order is the order a replay runs the cells in: the one the scan for unseeded random
  // calls must follow, and the order models are listed in.
  const graph: NotebookGraph = await new NotebookRunner(async () => engine, runChecks).analyze(cells, sources);
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  const runOrder = graph.order.map((id) => byId.get(id)!);
  const tables = await existingTables(engine);

  const inputs: Record<string, InputTable> = {};
  for (const name of sources) {
    if (!tables.has(name)) throw new RecordError(`the sandbox table ${name} does not exist: generate the sandbox before recording`);
    inputs[name] = await fingerprintTable(engine, name);
  }

  const models: ModelResult[] = [];
  for (const cell of runOrder) {
    if (cell.kind === 'sql' && tables.has(cell.name) && !sources.has(cell.name)) models.push(await describeModel(engine, cell.name));
  }

  const checks: CheckOutcome[] = [];
  for (const cell of cells) {
    if (cell.kind !== 'check') continue;
    for (const result of await runChecks(engine, cell)) {
      checks.push({
        cellId: cell.id,
        checkId: result.checkId,
        kind: result.kind,
        label: result.label.slice(0, 2_000),
        status: result.status,
        failing: result.failing,
      });
    }
  }

  const version = await engine.query('SELECT version()', { exactTypes: false });
  const timings = Object.fromEntries(Object.entries(input.timings ?? {}).filter(([id]) => byId.has(id)));

  const parsed = Artifact.safeParse({
    format: ARTIFACT_FORMAT,
    content: {
      notebook: { id: input.notebook.id, revision: input.notebook.revision },
      cells,
      sandbox: { spec, datasets: datasets.map(({ name, contract }) => ({ name, contract })), tables: inputs },
      engine: { duckdbVersion: String(version.rows[0]?.[0] ?? ''), ...input.engine },
      parameters: input.parameters ?? {},
      seeds: { sandbox: spec.seed, ...sqlSeeds(runOrder) },
      models,
      checks,
      timings,
      log: [...(input.log ?? [])],
      author: input.author,
      createdAt: (input.createdAt ?? new Date()).toISOString(),
      parent: input.parent,
      reproducible: reproducibility(runOrder),
    },
    annotations: input.annotations,
  });
  if (!parsed.success) throw new RecordError(`the recorded artifact is not valid: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}
