import type { ArtifactContent } from '@/lib/artifact/schema';
import { tablesInParseTree } from '@/lib/engine/parse-tree';
import type { Engine } from '@/lib/engine/types';
import { quoteIdent } from '@/lib/notebook/execute';
import { parseTreeOf } from './parse-tree';
import { resolveQuery, Unresolvable, type Flow, type OutputColumn } from './resolve';
import type { ColumnLineage, ColumnPath, LineageSource, ModelLineage, PipelineLineage } from './types';

export type LineageInput = { sources: LineageSource[]; models: { name: string; sql: string }[] };

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const body = (sql: string) => sql.replace(/[\s;]+$/u, '');
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const pathOf = (key: string): ColumnPath => {
  const dot = key.indexOf('.');
  return { table: key.slice(0, dot), column: key.slice(dot + 1) };
};
const byPath = (a: ColumnPath, b: ColumnPath) => a.table.localeCompare(b.table) || a.column.localeCompare(b.column);

/** The sources and models of an artifact, as the lineage analysis reads them. */
export function lineageInputOf(content: ArtifactContent): LineageInput {
  const recorded = new Set(content.models.map((m) => m.name));
  return {
    sources: content.sandbox.datasets.map((d) => ({
      name: d.name,
      columns: d.contract.columns.map((c) => ({ name: c.name, type: c.type, sensitivity: c.sensitivity, masking: c.masking })),
    })),
    models: content.cells.flatMap((cell) => (cell.kind === 'sql' && recorded.has(cell.name) ? [{ name: cell.name, sql: cell.source }] : [])),
  };
}

function columnOf(name: string, flow: Flow): ColumnLineage {
  const direct = [...flow.direct].map(([key, mask]) => ({ ...pathOf(key), ...(mask ? { maskedBy: mask } : {}) })).sort(byPath);
  const indirect = [...flow.indirect].filter((key) => !flow.direct.has(key)).map(pathOf).sort(byPath);
  return { name, direct, indirect, unknown: flow.unknown };
}

/** DuckDB gives a repeated output name a `_n` suffix (`customer_id`, `customer_id_1`). */
function sameName(ours: string, bound: string): boolean {
  const a = ours.toLowerCase();
  const b = bound.toLowerCase();
  return a === b || (b.startsWith(`${a}_`) && /^\d+$/.test(b.slice(a.length + 1)));
}

/** The resolved columns checked against the binder's: same count, and every name the analysis knows
 * is the binder's name at that position. Anything else: every column unknown (fail closed). */
function verified(model: string, reads: string[], resolved: OutputColumn[] | Error, schema: { name: string }[]): ModelLineage {
  const failed = (error: string): ModelLineage => ({
    model,
    reads,
    columns: schema.map((c) => ({ name: c.name, direct: [], indirect: [], unknown: error })),
    verified: false,
    error,
  });
  if (resolved instanceof Error) return failed(resolved.message);
  if (resolved.length !== schema.length) return failed(`the analysis found ${resolved.length} columns where DuckDB's binder has ${schema.length}`);
  for (const [i, column] of resolved.entries()) {
    const bound = schema[i]!.name;
    if (column.name !== null && !sameName(column.name, bound)) return failed(`column ${i + 1} is ${bound} for DuckDB's binder, ${column.name} for the analysis`);
  }
  return { model, reads, columns: resolved.map((c, i) => columnOf(schema[i]!.name, c.flow)), verified: true, error: null };
}

/** Models in an order where each comes after the models it reads (cycles keep notebook order). */
function dependencyOrder(models: { name: string; reads: string[] }[]): string[] {
  const names = new Set(models.map((m) => m.name));
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name) || path.has(name)) return;
    path.add(name);
    for (const dep of models.find((m) => m.name === name)?.reads ?? []) if (names.has(dep)) visit(dep, path);
    done.add(name);
    order.push(name);
  };
  for (const m of models) visit(m.name, new Set());
  return order;
}

/**
 * Column lineage of every model, on a fresh engine of its own (it creates tables): one
 * `json_serialize_sql` call parses all models; the sources are created empty from their contracts and
 * each model as a view over them, so DuckDB's binder gives every model's real output schema without
 * reading a row; the walker (resolve.ts) resolves each parse tree against those schemas and the result
 * is checked against the binder's. Never throws for what the SQL does: a model that does not parse,
 * bind or resolve gets every column `unknown` with the reason.
 */
export async function analyzeLineage(engine: Engine, input: LineageInput): Promise<PipelineLineage> {
  const started = performance.now();
  const [version] = (await engine.query('SELECT version()', { exactTypes: false })).rows;
  const trees = input.models.length === 0
    ? []
    : ((await engine.query(`SELECT ${input.models.map((m, i) => `json_serialize_sql(${literal(body(m.sql))}) AS m${i}`).join(', ')}`, { exactTypes: false })).rows[0] ?? []);
  const parsed = input.models.map((model, i) => {
    const json = String(trees[i] ?? '{}');
    const tree = parseTreeOf(json);
    let reads: string[] | null = null;
    try {
      reads = tree.ok ? tablesInParseTree(json) : null;
    } catch {
      reads = null;
    }
    return { ...model, tree, reads: reads ?? [], readsUnknown: reads === null };
  });

  for (const source of input.sources) {
    await engine.query(`CREATE TABLE ${quoteIdent(source.name)} (${source.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`, { exactTypes: false });
  }
  const schemas = new Map<string, string[]>(input.sources.map((s) => [s.name.toLowerCase(), s.columns.map((c) => c.name)]));
  const bound = new Map<string, { name: string; type: string }[] | Error>();
  for (const name of dependencyOrder(parsed)) {
    const model = parsed.find((m) => m.name === name)!;
    try {
      await engine.query(`CREATE VIEW ${quoteIdent(name)} AS (\n${body(model.sql)}\n)`, { exactTypes: false });
      const described = await engine.query(`DESCRIBE ${quoteIdent(name)}`, { exactTypes: false });
      const schema = described.rows.map((row) => ({ name: String(row[0]), type: String(row[1]) }));
      bound.set(name, schema);
      schemas.set(name.toLowerCase(), schema.map((c) => c.name));
    } catch (error) {
      bound.set(name, new Error(`DuckDB's binder refused the model: ${messageOf(error)}`));
    }
  }

  const models = dependencyOrder(parsed).map((name) => {
    const model = parsed.find((m) => m.name === name)!;
    const schema = bound.get(name);
    if (!schema || schema instanceof Error) {
      const error = schema?.message ?? 'not bound';
      return { model: name, reads: model.reads, ...(model.readsUnknown ? { readsUnknown: true as const } : {}), columns: [], verified: false, error, schema: [] };
    }
    let resolved: OutputColumn[] | Error;
    if (!model.tree.ok) resolved = new Error(`DuckDB's parser: ${model.tree.message}`);
    else {
      try {
        resolved = resolveQuery(model.tree.node, schemas);
      } catch (error) {
        resolved = error instanceof Unresolvable ? new Error(`the analysis cannot resolve ${error.message}`) : new Error(messageOf(error));
      }
    }
    return { ...verified(name, model.reads, resolved, schema), ...(model.readsUnknown ? { readsUnknown: true as const } : {}), schema };
  });
  return { version: 1, duckdbVersion: String(version?.[0] ?? ''), sources: input.sources, models, elapsedMs: Math.round((performance.now() - started) * 10) / 10 };
}
