import type { Engine } from '@/lib/engine/types';
import { quoteIdent } from '@/lib/notebook/execute';
import { NotebookRunner } from '@/lib/notebook/runner';
import { runChecks, type CheckResult, type CheckStatus } from '@/lib/quality/checks';
import { buildSandbox, type SampleSource } from '@/lib/samples/sandbox';
import { fingerprintTable, type TableFingerprint } from './fingerprint';
import { ARTIFACT_FORMAT, Artifact, MAX_PREVIEW_VALUE, type ModelResult } from './schema';

/** Rows shown per side of a model that does not match. */
export const DIFF_ROWS = 5;

export type TableComparison = {
  name: string;
  expected: TableFingerprint;
  /** null when the replay did not produce the table. */
  actual: TableFingerprint | null;
  match: boolean;
};

/**
 * Evidence for a model that does not match. The recorded table exists only as its fingerprint and
 * preview, so each side is as exact as the preview allows:
 * - `missing`: recorded preview rows the replayed table lacks (preview EXCEPT ALL replay, on DuckDB's
 *   VARCHAR rendering): every one is a real difference;
 * - `unexpected`: when the preview held the whole recorded table (`unexpectedExact`), replayed rows the
 *   recording lacks; otherwise simply the replay's first rows, to look at beside the preview.
 * Preview values the recorder cut (MAX_PREVIEW_VALUE) leave their row out of the comparison.
 */
export type RowDiff = {
  expectedColumns: string[];
  actualColumns: string[];
  missing: (string | null)[][];
  unexpected: (string | null)[][];
  unexpectedExact: boolean;
};

export type ModelComparison = TableComparison & {
  /** Column names and DuckDB types equal (a fingerprint covers values only). */
  schemaMatch: boolean;
  diff: RowDiff | null;
};

export type CheckComparison = { cellId: string; checkId: string; expected: CheckStatus; actual: CheckStatus | null; match: boolean };

export type ReplayResult = {
  /** 'match': every input, model and check as recorded; 'error': something did not run (`error` says
   * what, in DuckDB's words), whatever else matched. */
  status: 'match' | 'mismatch' | 'error';
  models: ModelComparison[];
  inputs: TableComparison[];
  checks: CheckComparison[];
  error: string | null;
  elapsedMs: number;
};

/** A replay as stored with its experiment: the result, which engine ran it, or why the job could not
 * finish (`failed`: the replay itself never completed, e.g. it ran out of time or the server stopped
 * it too often). */
export type StoredReplay = Omit<ReplayResult, 'status'> & {
  status: ReplayResult['status'] | 'failed';
  engine: { duckdbVersion: string; packageVersion: string; threads: number };
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const sameFingerprint = (a: TableFingerprint, b: TableFingerprint | null) => b !== null && a.rows === b.rows && a.fingerprint === b.fingerprint;

async function fingerprintIfExists(engine: Engine, name: string, tables: ReadonlySet<string>): Promise<TableFingerprint | null> {
  return tables.has(name) ? fingerprintTable(engine, name) : null;
}

async function existingTables(engine: Engine): Promise<Set<string>> {
  const { rows } = await engine.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'", { exactTypes: false });
  return new Set(rows.map(([name]) => String(name)));
}

const literal = (value: string | null) => (value === null ? 'NULL::VARCHAR' : `'${value.replaceAll("'", "''")}'::VARCHAR`);
const textRows = (rows: readonly (readonly unknown[])[]) => rows.map((row) => row.map((value) => (value === null ? null : String(value))));

async function rowDiff(engine: Engine, expected: ModelResult): Promise<RowDiff> {
  const table = quoteIdent(expected.name);
  const described = await engine.query(`DESCRIBE ${table}`, { exactTypes: false });
  const actualColumns = described.rows.map(([name]) => String(name));
  const rendered = `SELECT COLUMNS(*)::VARCHAR FROM ${table}`;
  const first = async () => textRows((await engine.query(`${rendered} LIMIT ${DIFF_ROWS}`, { exactTypes: false })).rows);
  const preview = expected.preview;
  if (actualColumns.length !== preview.columns.length) {
    return { expectedColumns: preview.columns, actualColumns, missing: preview.rows.slice(0, DIFF_ROWS), unexpected: await first(), unexpectedExact: false };
  }
  const comparable = preview.rows.filter((row) => row.every((value) => value === null || value.length < MAX_PREVIEW_VALUE));
  const names = actualColumns.map((_, i) => `c${i}`).join(', ');
  const values = `SELECT * FROM (VALUES ${comparable.map((row) => `(${row.map(literal).join(', ')})`).join(', ')}) AS recorded(${names})`;
  const query = async (sql: string) => textRows((await engine.query(`SELECT * FROM (${sql}) ORDER BY ALL LIMIT ${DIFF_ROWS}`, { exactTypes: false })).rows);
  const missing = comparable.length === 0 ? [] : await query(`${values} EXCEPT ALL ${rendered}`);
  const whole = comparable.length === preview.rows.length && preview.rows.length === expected.rowCount;
  if (!whole) return { expectedColumns: preview.columns, actualColumns, missing, unexpected: await first(), unexpectedExact: false };
  const unexpected = await query(comparable.length === 0 ? rendered : `${rendered} EXCEPT ALL ${values}`);
  return { expectedColumns: preview.columns, actualColumns, missing, unexpected, unexpectedExact: true };
}

/**
 * Re-executes an artifact on `engine`, which should be fresh (single-threaded for a native engine):
 * regenerates the sandbox from the recorded spec and contracts (or loads the recorded sample from
 * `options.samples`, never drawing it again) and compares every input table's fingerprint, runs
 * every cell in the graph's order with the notebook executor the browser uses, then compares each
 * model's schema, row count and fingerprint and each check's status with the recording. Never throws:
 * an invalid artifact, a sandbox that cannot be generated, or a cell DuckDB refuses or fails becomes
 * status 'error' with the message.
 */
export async function replayArtifact(engine: Engine, artifact: Artifact, options: { samples?: SampleSource } = {}): Promise<ReplayResult> {
  const started = performance.now();
  const inputs: TableComparison[] = [];
  const models: ModelComparison[] = [];
  const checks: CheckComparison[] = [];
  const finish = (error: string | null): ReplayResult => {
    const differs = [...inputs, ...models, ...checks].some((item) => !item.match);
    return { status: error !== null ? 'error' : differs ? 'mismatch' : 'match', models, inputs, checks, error, elapsedMs: performance.now() - started };
  };

  const parsed = Artifact.safeParse(artifact);
  if (!parsed.success) return finish(`the artifact is not a valid ${ARTIFACT_FORMAT} artifact: ${parsed.error.issues[0]?.message ?? 'unknown issue'}`);
  const content = parsed.data.content;
  try {
    let sources: Set<string>;
    try {
      const generated = await buildSandbox(engine, content.sandbox.datasets, content.sandbox.spec, options);
      sources = new Set(generated.tables.map((table) => table.name));
    } catch (error) {
      for (const [name, expected] of Object.entries(content.sandbox.tables)) inputs.push({ name, expected, actual: null, match: false });
      return finish(`the sandbox could not be generated: ${messageOf(error)}`);
    }
    const afterSandbox = await existingTables(engine);
    for (const [name, expected] of Object.entries(content.sandbox.tables)) {
      const actual = await fingerprintIfExists(engine, name, afterSandbox);
      inputs.push({ name, expected, actual, match: sameFingerprint(expected, actual) });
    }

    const runner = new NotebookRunner<CheckResult>(async () => engine, runChecks);
    await runner.run(content.cells, sources, { targets: 'all', downstream: false });
    const { cells: states, graph } = runner.getSnapshot();
    const byId = new Map(content.cells.map((cell) => [cell.id, cell]));

    let error: string | null = null;
    for (const id of graph?.order ?? []) {
      const state = states[id];
      if (state?.phase !== 'error' && state?.phase !== 'cancelled') continue;
      const cell = byId.get(id);
      const what = cell?.kind === 'sql' ? `model ${cell.name}` : cell?.kind === 'check' ? `checks on ${cell.model}` : `${cell?.kind ?? 'cell'}`;
      error = `cell ${id} (${what}): ${state.error?.message ?? state.phase}`;
      break;
    }

    const built = await existingTables(engine);
    const ran = new Set(content.cells.flatMap((cell) => (cell.kind === 'sql' && states[cell.id]?.phase === 'done' ? [cell.name] : [])));
    for (const model of content.models) {
      const expected = { rows: model.rowCount, fingerprint: model.fingerprint };
      const actual = ran.has(model.name) ? await fingerprintIfExists(engine, model.name, built) : null;
      let schemaMatch = false;
      if (actual !== null) {
        const described = await engine.query(`DESCRIBE ${quoteIdent(model.name)}`, { exactTypes: false });
        const schema = described.rows.map(([name, type]) => ({ name: String(name), type: String(type) }));
        schemaMatch = JSON.stringify(schema) === JSON.stringify(model.schema);
      }
      const match = schemaMatch && sameFingerprint(expected, actual);
      const diff = match || actual === null ? null : await rowDiff(engine, model).catch(() => null);
      models.push({ name: model.name, expected, actual, match, schemaMatch, diff });
    }

    for (const check of content.checks) {
      const actual = states[check.cellId]?.checks?.find((result) => result.checkId === check.checkId)?.status ?? null;
      checks.push({ cellId: check.cellId, checkId: check.checkId, expected: check.status, actual, match: actual === check.status });
    }
    return finish(error);
  } catch (error) {
    return finish(messageOf(error));
  }
}
