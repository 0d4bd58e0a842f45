import type { ArtifactContent } from '@/lib/artifact/schema';
import type { Column, Engine } from '@/lib/engine/types';
import { quoteIdent } from '@/lib/notebook/execute';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import { buildSandbox, type SampleSource } from '@/lib/samples/sandbox';

/** Rows shown per kind of difference (added, removed, changed). */
export const SAMPLE_ROWS = 5;

/** Production's models are renamed to this prefix so that the candidate can rebuild the plain names
 * beside them in the same engine. A model whose name starts with it cannot be diffed. */
export const PRODUCTION_PREFIX = '__prod_';

/** A value as DuckDB renders it (`::VARCHAR`): the same text in both engines, and JSON-safe. */
export type Rendered = string | null;

/** Some rows of one side, every column of that side, each value rendered by DuckDB. */
export type RowSample = { columns: string[]; rows: Rendered[][] };

/** A row whose key is on both sides with at least one compared column IS DISTINCT FROM. */
export type ChangedRow = {
  key: Record<string, Rendered>;
  /** Only the columns that differ. */
  changes: Record<string, { before: Rendered; after: Rendered }>;
};

/** Rows matched by a key that is unique on both sides. */
export type KeyedRowDiff = {
  mode: 'key';
  key: string[];
  /** Keys only in the candidate / only in production. */
  added: number;
  removed: number;
  /** Keys on both sides whose rows differ in at least one compared column, and those that do not. */
  changed: number;
  unchanged: number;
  /** Per compared non-key column, how many matched rows have another value. */
  byColumn: Record<string, number>;
  samples: { added: RowSample; removed: RowSample; changed: ChangedRow[] };
};

/** Rows compared as multisets over the compared columns (EXCEPT ALL both ways): without a key a changed
 * row is one removed and one added row, so there are no per-column counts. */
export type MultisetRowDiff = {
  mode: 'rows';
  onlyInCandidate: number;
  onlyInProduction: number;
  byColumn: null;
  samples: { onlyInCandidate: RowSample; onlyInProduction: RowSample };
};

export type ModelDataDiff = {
  name: string;
  rowCounts: { production: number; candidate: number; delta: number };
  columns: {
    /** Columns on both sides, in the candidate's order: the only ones compared. */
    compared: string[];
    onlyInProduction: string[];
    onlyInCandidate: string[];
    /** Compared columns whose type changed: their values are compared as DuckDB renders them. */
    retyped: { name: string; production: string; candidate: string }[];
  };
  /** Why the key asked for was not used (then `rows.mode` is 'rows'); null when it was, or none was asked for. */
  keyFallback: string | null;
  rows: KeyedRowDiff | MultisetRowDiff;
};

export type ModelOnOneSide = {
  name: string;
  /** null when its cell did not run. */
  rowCount: number | null;
};

export type SideRun = {
  /** The first cell that did not run, as `<side> cell <id> (model <name>): <DuckDB's message>`. */
  error: string | null;
};

export type SideBySide = {
  /** 'error' when a side did not run completely or a diff failed; models built on both sides are still diffed. */
  status: 'ok' | 'error';
  production: SideRun;
  candidate: SideRun;
  /** A diff query that failed, in DuckDB's words (a side's own failure is under that side). */
  error: string | null;
  /** Every model both versions define and both built, in the candidate's order. */
  models: ModelDataDiff[];
  /** Models only the candidate defines / only production defines. */
  addedModels: ModelOnOneSide[];
  removedModels: ModelOnOneSide[];
  elapsedMs: number;
};

export type ModelSchemas = { production: readonly Pick<Column, 'name'>[]; candidate: readonly Pick<Column, 'name'>[] };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const rendered = (value: unknown): Rendered => (value === null || value === undefined ? null : String(value));

async function query(engine: Engine, sql: string) {
  return (await engine.query(sql, { exactTypes: false })).rows;
}

async function numbers(engine: Engine, sql: string): Promise<number[]> {
  const [row] = await query(engine, sql);
  return (row ?? []).map((value) => Number(value));
}

async function describe(engine: Engine, table: string): Promise<Column[]> {
  return (await query(engine, `DESCRIBE ${quoteIdent(table)}`)).map(([name, type]) => ({ name: String(name), type: String(type) }));
}

/**
 * The key to match a model's rows by: the columns of the first `unique` check on the model in the
 * candidate's check cells whose columns all exist on both sides; otherwise null, and the model is diffed
 * as row multisets. A key is never guessed from column names: only a declared uniqueness is trusted,
 * and diffModel still verifies it on both tables.
 */
export function keyFor(content: Pick<ArtifactContent, 'cells'>, model: string, schemas: ModelSchemas): string[] | null {
  const production = new Set(schemas.production.map((column) => column.name));
  const candidate = new Set(schemas.candidate.map((column) => column.name));
  for (const cell of content.cells) {
    if (cell.kind !== 'check' || cell.model !== model) continue;
    for (const check of cell.checks) {
      if (check.kind === 'unique' && check.columns.every((column) => production.has(column) && candidate.has(column))) return [...check.columns];
    }
  }
  return null;
}

/**
 * Compares two tables of one engine. Every query aggregates or ends in a LIMIT: only counts and
 * SAMPLE_ROWS rows per kind ever reach JavaScript, whatever the tables' size. Compared columns of the
 * same type are compared as they are (so -0.0 and 0.0 or 1.10 and 1.1 as DuckDB compares them); of
 * different types, as their VARCHAR renderings, since DuckDB refuses or guesses casts between types.
 */
export async function diffModel(
  engine: Engine,
  { name, production, candidate, key }: { name: string; production: string; candidate: string; key: string[] | null },
): Promise<ModelDataDiff> {
  const prodColumns = await describe(engine, production);
  const candColumns = await describe(engine, candidate);
  const prodTypes = new Map(prodColumns.map((column) => [column.name, column.type]));
  const candTypes = new Map(candColumns.map((column) => [column.name, column.type]));
  const compared = candColumns.filter((column) => prodTypes.has(column.name)).map((column) => column.name);
  const retyped = compared.flatMap((column) =>
    prodTypes.get(column) === candTypes.get(column) ? [] : [{ name: column, production: prodTypes.get(column)!, candidate: candTypes.get(column)! }],
  );
  const asText = new Set(retyped.map((column) => column.name));
  const value = (alias: 'p' | 'c', column: string) => `${alias}.${quoteIdent(column)}${asText.has(column) ? '::VARCHAR' : ''}`;

  const p = quoteIdent(production);
  const c = quoteIdent(candidate);
  const [prodRows = 0, candRows = 0] = await numbers(engine, `SELECT (SELECT count(*) FROM ${p}), (SELECT count(*) FROM ${c})`);
  const pair: Pair = { p, c, prodRows, candRows, compared, prodColumns, candColumns, value };
  const base = {
    name,
    rowCounts: { production: prodRows, candidate: candRows, delta: candRows - prodRows },
    columns: {
      compared,
      onlyInProduction: prodColumns.filter((column) => !candTypes.has(column.name)).map((column) => column.name),
      onlyInCandidate: candColumns.filter((column) => !prodTypes.has(column.name)).map((column) => column.name),
      retyped,
    },
  };

  let keyFallback: string | null = null;
  if (key !== null) {
    const missing = key.filter((column) => !compared.includes(column));
    keyFallback =
      key.length === 0
        ? 'the key has no columns'
        : missing.length > 0
          ? `the key column ${missing.join(', ')} is not in both versions`
          : await notUniqueIn(engine, key, [['production', production], ['the candidate', candidate]]);
  }
  if (key === null || key.length === 0 || keyFallback !== null) {
    return { ...base, keyFallback, rows: await multisetDiff(engine, pair) };
  }
  return { ...base, keyFallback: null, rows: await keyedDiff(engine, pair, key) };
}

/** Why `key` is not unique in one of the tables (NULLs count as one value, as the join matches them), or null. */
async function notUniqueIn(engine: Engine, key: string[], tables: [string, string][]): Promise<string | null> {
  for (const [side, table] of tables) {
    const [rows = 0, distinct = 0] = await numbers(
      engine,
      `SELECT count(*), count(DISTINCT row(${key.map(quoteIdent).join(', ')})) FROM ${quoteIdent(table)}`,
    );
    if (rows !== distinct) return `the key (${key.join(', ')}) is not unique in ${side}: ${rows} rows, ${distinct} distinct keys`;
  }
  return null;
}

async function sample(engine: Engine, columns: string[], select: (column: string) => string, from: string, orderBy: string): Promise<RowSample> {
  if (columns.length === 0) return { columns, rows: [] };
  const list = columns.map((column, i) => `${select(column)}::VARCHAR AS v${i}`).join(', ');
  const rows = await query(engine, `SELECT ${list} ${from} ORDER BY ${orderBy} LIMIT ${SAMPLE_ROWS}`);
  return { columns, rows: rows.map((row) => row.map(rendered)) };
}

/** The two tables as diffModel found them: quoted names, row counts, columns, and how to read a compared value. */
type Pair = {
  p: string;
  c: string;
  prodRows: number;
  candRows: number;
  compared: string[];
  prodColumns: Column[];
  candColumns: Column[];
  value: (alias: 'p' | 'c', column: string) => string;
};

async function keyedDiff(engine: Engine, { p, c, prodRows, candRows, compared, prodColumns, candColumns, value }: Pair, key: string[]): Promise<KeyedRowDiff> {
  const on = key.map((column) => `${value('p', column)} IS NOT DISTINCT FROM ${value('c', column)}`).join(' AND ');
  const others = compared.filter((column) => !key.includes(column));
  const differs = others.map((column) => `(${value('p', column)} IS DISTINCT FROM ${value('c', column)})`);
  const anyDiffers = differs.length === 0 ? 'false' : differs.join(' OR ');

  // The key is unique on both sides, so the join pairs rows one to one: what it does not pair was added
  // or removed.
  const [matched = 0, changed = 0, ...perColumn] = await numbers(
    engine,
    `SELECT count(*), count(*) FILTER (WHERE ${anyDiffers})${differs.map((d) => `, count(*) FILTER (WHERE ${d})`).join('')} FROM ${p} p JOIN ${c} c ON ${on}`,
  );

  const keyOrder = (alias: 'p' | 'c') => key.map((column) => `${alias}.${quoteIdent(column)}`).join(', ');
  const added = await sample(engine, candColumns.map((column) => column.name), (column) => `c.${quoteIdent(column)}`, `FROM ${c} c ANTI JOIN ${p} p ON ${on}`, keyOrder('c'));
  const removed = await sample(engine, prodColumns.map((column) => column.name), (column) => `p.${quoteIdent(column)}`, `FROM ${p} p ANTI JOIN ${c} c ON ${on}`, keyOrder('p'));

  const changedRows: ChangedRow[] = [];
  if (others.length > 0) {
    const list = [
      ...key.map((column) => `p.${quoteIdent(column)}::VARCHAR`),
      ...others.flatMap((column, i) => [`p.${quoteIdent(column)}::VARCHAR`, `c.${quoteIdent(column)}::VARCHAR`, differs[i]!]),
    ].map((expression, i) => `${expression} AS v${i}`);
    const rows = await query(
      engine,
      `SELECT ${list.join(', ')} FROM ${p} p JOIN ${c} c ON ${on} WHERE ${anyDiffers} ORDER BY ${keyOrder('p')} LIMIT ${SAMPLE_ROWS}`,
    );
    for (const row of rows) {
      const changes = others.flatMap((column, i) => {
        const at = key.length + 3 * i;
        return row[at + 2] === true ? [[column, { before: rendered(row[at]), after: rendered(row[at + 1]) }] as const] : [];
      });
      changedRows.push({ key: Object.fromEntries(key.map((column, i) => [column, rendered(row[i])])), changes: Object.fromEntries(changes) });
    }
  }

  return {
    mode: 'key',
    key,
    added: candRows - matched,
    removed: prodRows - matched,
    changed,
    unchanged: matched - changed,
    byColumn: Object.fromEntries(others.map((column, i) => [column, perColumn[i] ?? 0])),
    samples: { added, removed, changed: changedRows },
  };
}

async function multisetDiff(engine: Engine, { p, c, prodRows, candRows, compared, value }: Pair): Promise<MultisetRowDiff> {
  if (compared.length === 0) {
    // Over no columns every row is the same empty tuple: only the counts differ.
    const none = { columns: [], rows: [] };
    return {
      mode: 'rows',
      onlyInCandidate: Math.max(0, candRows - prodRows),
      onlyInProduction: Math.max(0, prodRows - candRows),
      byColumn: null,
      samples: { onlyInCandidate: none, onlyInProduction: none },
    };
  }
  const select = (alias: 'p' | 'c') => compared.map((column) => `${value(alias, column)} AS ${quoteIdent(column)}`).join(', ');
  const onlyInCandidate = `(SELECT ${select('c')} FROM ${c} c EXCEPT ALL SELECT ${select('p')} FROM ${p} p)`;
  const onlyInProduction = `(SELECT ${select('p')} FROM ${p} p EXCEPT ALL SELECT ${select('c')} FROM ${c} c)`;
  const [candOnly = 0, prodOnly = 0] = await numbers(
    engine,
    `SELECT (SELECT count(*) FROM ${onlyInCandidate}), (SELECT count(*) FROM ${onlyInProduction})`,
  );
  const order = compared.map((column) => `d.${quoteIdent(column)}`).join(', ');
  const rowsOf = (from: string) => sample(engine, compared, (column) => `d.${quoteIdent(column)}`, `FROM ${from} d`, order);
  return {
    mode: 'rows',
    onlyInCandidate: candOnly,
    onlyInProduction: prodOnly,
    byColumn: null,
    samples: {
      onlyInCandidate: candOnly === 0 ? { columns: compared, rows: [] } : await rowsOf(onlyInCandidate),
      onlyInProduction: prodOnly === 0 ? { columns: compared, rows: [] } : await rowsOf(onlyInProduction),
    },
  };
}

type Side = 'production' | 'candidate';

/** Runs one version's SQL cells (the models are what the diff needs; the quality gate runs the checks)
 * and says which models it built and the first cell that failed, in run order. */
async function runSide(engine: Engine, side: Side, cells: readonly Cell[], sources: ReadonlySet<string>, hidden: ReadonlySet<string>) {
  const sql = cells.filter((cell) => cell.kind === 'sql');
  const runner = new NotebookRunner(async () => engine, async () => []);
  const label = (id: string) => {
    const cell = sql.find((c) => c.id === id);
    return `${side} cell ${id}${cell ? ` (model ${cell.name})` : ''}`;
  };
  // Production's renamed tables must count as sources, or the runner's sweep of orphan tables would
  // drop them; but the candidate must not read them (it could not in the browser it was recorded in).
  const graph = await runner.analyze(sql, sources);
  for (const id of graph.order) {
    const read = graph.nodes.get(id)?.sources.find((table) => hidden.has(table));
    if (read !== undefined) return { error: `${label(id)}: reads ${read}, a table that exists only inside the data diff`, built: [] };
  }
  await runner.run(sql, sources, { targets: 'all', downstream: false });
  const { cells: states } = runner.getSnapshot();
  const failed = graph.order.find((id) => states[id]?.phase !== 'done');
  const state = failed === undefined ? undefined : states[failed];
  return {
    error: failed === undefined ? null : `${label(failed)}: ${state?.error?.message ?? state?.phase ?? 'did not run'}`,
    built: sql.flatMap((cell) => (states[cell.id]?.phase === 'done' ? [cell.name] : [])),
  };
}

const modelsOf = (cells: readonly Cell[]) => cells.flatMap((cell) => (cell.kind === 'sql' ? [cell.name] : []));

/**
 * Runs production and the candidate on the same input in one fresh engine and diffs their models:
 * generates the candidate's sandbox, runs production's cells and renames each model it built to
 * `__prod_<name>` (DDL, which the locked configuration allows), runs the candidate's cells, then diffs
 * every model both built, matched by name. Never throws for what a version's SQL does: a cell that
 * fails becomes its side's error, and the models built on both sides are still diffed.
 */
export async function runSideBySide(
  engine: Engine,
  production: Pick<ArtifactContent, 'cells'>,
  candidate: Pick<ArtifactContent, 'cells' | 'sandbox'>,
  /** The sandbox tables when the engine holds the candidate's sandbox already (a replay generated it):
   * they are used as they are instead of generated again. */
  existingSandbox: readonly string[] | null = null,
  samples?: SampleSource,
): Promise<SideBySide> {
  const started = performance.now();
  const result: Omit<SideBySide, 'status' | 'elapsedMs'> = {
    production: { error: null },
    candidate: { error: null },
    error: null,
    models: [],
    addedModels: [],
    removedModels: [],
  };
  const finish = (): SideBySide => {
    const failed = result.error !== null || result.production.error !== null || result.candidate.error !== null;
    return { status: failed ? 'error' : 'ok', ...result, elapsedMs: performance.now() - started };
  };

  const prodModels = modelsOf(production.cells);
  const candModels = modelsOf(candidate.cells);
  for (const [side, models] of [['production', prodModels], ['candidate', candModels]] as const) {
    const reserved = models.find((model) => model.startsWith(PRODUCTION_PREFIX));
    if (reserved !== undefined) result[side].error = `${side} model ${reserved}: names beginning with ${PRODUCTION_PREFIX} are reserved for the data diff`;
  }
  if (result.production.error !== null || result.candidate.error !== null) return finish();

  let sources: readonly string[];
  try {
    sources = existingSandbox ?? (await buildSandbox(engine, candidate.sandbox.datasets, candidate.sandbox.spec, { samples })).tables.map((table) => table.name);
  } catch (error) {
    result.candidate.error = `the candidate's sandbox could not be generated: ${messageOf(error)}`;
    return finish();
  }

  try {
    const prod = await runSide(engine, 'production', production.cells, new Set(sources), new Set());
    result.production.error = prod.error;
    const renamed = new Set(prod.built.map((model) => PRODUCTION_PREFIX + model));
    for (const model of prod.built) {
      await engine.query(`ALTER TABLE ${quoteIdent(model)} RENAME TO ${quoteIdent(PRODUCTION_PREFIX + model)}`, { exactTypes: false });
    }
    const cand = await runSide(engine, 'candidate', candidate.cells, new Set([...sources, ...renamed]), renamed);
    result.candidate.error = cand.error;

    const rowCount = async (table: string, built: boolean) => (built ? ((await numbers(engine, `SELECT count(*) FROM ${quoteIdent(table)}`))[0] ?? 0) : null);
    for (const name of candModels.filter((model) => !prodModels.includes(model))) {
      result.addedModels.push({ name, rowCount: await rowCount(name, cand.built.includes(name)) });
    }
    for (const name of prodModels.filter((model) => !candModels.includes(model))) {
      result.removedModels.push({ name, rowCount: await rowCount(PRODUCTION_PREFIX + name, prod.built.includes(name)) });
    }

    for (const name of candModels.filter((model) => prod.built.includes(model) && cand.built.includes(model))) {
      const table = PRODUCTION_PREFIX + name;
      try {
        const key = keyFor(candidate, name, { production: await describe(engine, table), candidate: await describe(engine, name) });
        result.models.push(await diffModel(engine, { name, production: table, candidate: name, key }));
      } catch (error) {
        result.error ??= `diffing model ${name}: ${messageOf(error)}`;
      }
    }
  } catch (error) {
    result.error ??= messageOf(error);
  }
  return finish();
}
