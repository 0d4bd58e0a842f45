/* Datasets + spec → the CREATE TABLE statements that generate the sandbox, parents before children.
 * Every refusal is a value with a message for the person who wrote the spec or the contract. */
import type { ColumnContract } from '@/lib/contracts/schema';
import { columnSql, type ColumnScope } from './columns';
import { below, halfOf, pairHash, rowHash, sqlIdent } from './random';
import { defaultRows, GENERATOR_VERSIONS, type GeneratorVersion, MAX_ROWS_PER_TABLE, type SandboxDataset, type SyntheticSpec } from './spec';
import { formatCount } from '@/lib/format/count';

export type PlanStep = {
  dataset: string;
  /** Exact row count for a root dataset; for a per-parent dataset the bounds it will fall within. */
  rows: { min: number; max: number };
  sql: string;
};
export type SandboxPlan = { ok: true; steps: PlanStep[] } | { ok: false; error: string };


type PerParent = { dataset: string; min: number; max: number };
const perParentOf = (d: SandboxDataset): PerParent | null =>
  d.contract.synthetic && 'perParent' in d.contract.synthetic ? d.contract.synthetic.perParent : null;
const sequenceColumn = (d: SandboxDataset): ColumnContract | undefined => d.contract.columns.find((c) => c.generator?.kind === 'sequence');

export function planSandbox(datasets: readonly SandboxDataset[], spec: SyntheticSpec): SandboxPlan {
  const fail = (error: string): SandboxPlan => ({ ok: false, error });
  if (!(GENERATOR_VERSIONS as readonly number[]).includes(spec.generatorVersion)) {
    return fail(`the spec was made by generator version ${spec.generatorVersion}; this generator knows versions ${GENERATOR_VERSIONS.join(' and ')}`);
  }
  if (!Number.isInteger(spec.seed) || spec.seed < 0) return fail(`the seed must be a whole number ≥ 0, not ${spec.seed}`);
  const byName = new Map(datasets.map((d) => [d.name, d]));

  for (const [name, rows] of Object.entries(spec.rows)) {
    const dataset = byName.get(name);
    if (!dataset) return fail(`the spec sets rows for "${name}", which is not a dataset of this sandbox (datasets: ${[...byName.keys()].join(', ')})`);
    const parent = perParentOf(dataset);
    if (parent) return fail(`${name} gets ${parent.min}–${parent.max} rows per ${parent.dataset} row; set the rows of ${parent.dataset} instead`);
    if (!Number.isInteger(rows) || rows < 0) return fail(`${name}: the row count must be a whole number ≥ 0, not ${rows}`);
    if (rows > MAX_ROWS_PER_TABLE) return fail(`${name}: ${formatCount(rows)} rows is above the limit of ${formatCount(MAX_ROWS_PER_TABLE)} rows per table`);
  }

  // Dependencies: the parent of a per-parent dataset and every referenced dataset.
  const dependencies = new Map<string, string[]>();
  for (const dataset of datasets) {
    const needs = new Set<string>();
    const parent = perParentOf(dataset);
    if (parent) {
      const parentDataset = byName.get(parent.dataset);
      if (!parentDataset) return fail(`${dataset.name} is generated per row of ${parent.dataset}, which is not in the sandbox`);
      if (!sequenceColumn(parentDataset)) return fail(`${dataset.name} is generated per row of ${parent.dataset}, which has no sequence column to key them by`);
      needs.add(parent.dataset);
    }
    for (const column of dataset.contract.columns) {
      const hint = column.generator;
      if (hint?.kind !== 'reference') continue;
      const target = byName.get(hint.dataset);
      if (!target) return fail(`${dataset.name}.${column.name} references ${hint.dataset}, which is not in the sandbox`);
      if (sequenceColumn(target)?.name !== hint.column) {
        return fail(`${dataset.name}.${column.name} references ${hint.dataset}.${hint.column}, which is not the sequence key of ${hint.dataset}`);
      }
      needs.add(hint.dataset);
    }
    dependencies.set(dataset.name, [...needs]);
  }

  const order = topologicalOrder(datasets.map((d) => d.name), dependencies);
  if (!order.ok) return fail(`datasets depend on each other in a cycle: ${order.cycle.join(' → ')}`);

  const bounds = new Map<string, { min: number; max: number }>();
  const steps: PlanStep[] = [];
  for (const name of order.names) {
    const dataset = byName.get(name)!;
    const parent = perParentOf(dataset);
    let rows: { min: number; max: number };
    if (parent) {
      const parentRows = bounds.get(parent.dataset)!;
      rows = { min: parentRows.min * parent.min, max: parentRows.max * parent.max };
      if (rows.max > MAX_ROWS_PER_TABLE) {
        return fail(
          `${name} could reach ${formatCount(rows.max)} rows (${formatCount(parentRows.max)} ${parent.dataset} × up to ${parent.max}), above the limit of ${formatCount(MAX_ROWS_PER_TABLE)} rows per table`,
        );
      }
    } else {
      const n = spec.rows[name] ?? defaultRows(dataset);
      rows = { min: n, max: n };
    }
    bounds.set(name, rows);
    const sql = datasetSql(dataset, spec.generatorVersion, spec.seed, parent && { ...parent, key: sequenceColumn(byName.get(parent.dataset)!)!.name }, (target) => {
      const b = bounds.get(target)!;
      return b.min === b.max ? String(b.min) : `(SELECT count(*) FROM ${sqlIdent(target)})`;
    });
    if (!sql.ok) return fail(sql.error);
    steps.push({ dataset: name, rows, sql: sql.sql });
  }
  return { ok: true, steps };
}

function datasetSql(
  dataset: SandboxDataset,
  version: GeneratorVersion,
  seed: number,
  parent: (PerParent & { key: string }) | null,
  rowsOf: (dataset: string) => string,
): { ok: true; sql: string } | { ok: false; error: string } {
  const rowKey = parent ? ['__parent', '__k'] : ['__row'];
  // Draws __d0, __d1, … are the halves of pair hashes __h0, __h1, … in the order the columns ask for them.
  const draws = new Map<string, string>();
  const purposes: string[] = [];
  // Bound values by layer: layer 1 reads only draws, layer k + 1 reads layer k.
  const layers: string[][] = [];
  const layerOf = new Map<string, number>();
  const scope: ColumnScope = {
    version,
    dataset: dataset.name,
    rowLabel: parent ? `__parent::VARCHAR || '.' || __k::VARCHAR` : '__row::VARCHAR',
    child: parent && { parentDataset: parent.dataset, parentKey: '__parent', index: '__k' },
    rowsOf,
    draw(column, purpose, shared = false) {
      const key = shared ? purpose : `${column}:${purpose}`;
      if (!draws.has(key)) {
        draws.set(key, `__d${purposes.length}`);
        purposes.push(key);
      }
      return draws.get(key)!;
    },
    bind(sql, after = []) {
      const layer = 1 + Math.max(0, ...after.map((name) => layerOf.get(name) ?? 0));
      const name = `__v${layerOf.size}`;
      layerOf.set(name, layer);
      (layers[layer - 1] ??= []).push(`${sql} AS ${name}`);
      return name;
    },
  };
  const outputs: string[] = [];
  for (const column of dataset.contract.columns) {
    const sql = columnSql(column, scope);
    if (!sql.ok) return sql;
    outputs.push(`${sql.sql} AS ${sqlIdent(column.name)}`);
  }
  const pairs = Array.from({ length: Math.ceil(purposes.length / 2) }, (_, i) => {
    const label = purposes.slice(2 * i, 2 * i + 2).join(' ');
    return `, ${pairHash('__rowhash', label)} AS __h${i}`;
  });
  let rows: string;
  if (parent) {
    const children = `${parent.min} + ${below(`(${pairHash(rowHash(seed, dataset.name, ['__parent']), '#children')} >> 32)`, parent.max - parent.min + 1)}`;
    // unnest keeps each parent's children together and in order, without a sort.
    rows =
      `SELECT __parent, __k FROM (SELECT __parent, unnest(range(1, ${children} + 1)) AS __k ` +
      `FROM (SELECT ${sqlIdent(parent.key)} AS __parent FROM ${sqlIdent(parent.dataset)}))`;
  } else {
    rows = `SELECT __row FROM range(1, ${rowsOf(dataset.name)} + 1) r(__row)`;
  }
  const keyed = `SELECT *, ${rowHash(seed, dataset.name, rowKey)} AS __rowhash FROM (${rows})`;
  // A draw is < 2³², so it is a BIGINT once here rather than at every use.
  const halves = purposes.map((_, i) => `, ${halfOf(`__h${Math.floor(i / 2)}`, (i % 2) as 0 | 1)}::BIGINT AS __d${i}`);
  let source = `SELECT *${halves.join('')} FROM (SELECT *${pairs.join('')} FROM (${keyed}))`;
  for (const layer of layers) source = `SELECT *, ${layer.join(', ')} FROM (${source})`;
  const table = sqlIdent(dataset.name);
  return { ok: true, sql: `CREATE OR REPLACE TABLE ${table} AS\nSELECT ${outputs.join(',\n  ')}\nFROM (${source}) g` };
}

type Order = { ok: true; names: string[] } | { ok: false; cycle: string[] };

/** Dependencies first, otherwise in the given order; the first cycle found is named. */
function topologicalOrder(names: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>): Order {
  const done = new Set<string>();
  const ordered: string[] = [];
  const visiting: string[] = [];
  const visit = (name: string): string[] | null => {
    if (done.has(name)) return null;
    const at = visiting.indexOf(name);
    if (at >= 0) return [...visiting.slice(at), name];
    visiting.push(name);
    for (const dependency of dependencies.get(name) ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    visiting.pop();
    done.add(name);
    ordered.push(name);
    return null;
  };
  for (const name of names) {
    const cycle = visit(name);
    if (cycle) return { ok: false, cycle };
  }
  return { ok: true, names: ordered };
}
