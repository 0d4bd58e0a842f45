import type { DatasetContract } from '@/lib/contracts/schema';
import type { Column } from '@/lib/engine/types';
import { maskExpression, policyOfContract, type MaskingPolicy } from '@/lib/masking/policies';

/** A dataset to sample: its current snapshot's table (trusted SQL name) and columns, its contract
 * (masking rules, and foreign keys as `reference` generator hints) and its primary key. */
export type SampleInput = {
  name: string;
  from: string;
  columns: readonly Column[];
  contract: DatasetContract;
  primaryKey: readonly string[];
  /** `pii` columns a steward's exception lets out as they are (never a `secret` one). */
  unmasked?: readonly string[];
};

/** The statements that draw a sample, in order: the raw rows of each dataset into `rowsTable(name)`,
 * then each dataset masked into `maskedTable(name)` — only masked tables ever leave the warehouse. */
export type SamplePlan = { statements: string[]; masked: { name: string; table: string }[] };

type Reference = { column: string; parent: string; parentColumn: string };

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
/** Resolution of the keyed hash draw: a rate is kept to one part in a million. */
const DRAW_RESOLUTION = 1_000_000;

function referencesOf(input: SampleInput, names: ReadonlySet<string>): Reference[] {
  return input.contract.columns.flatMap((c) =>
    c.generator?.kind === 'reference' && names.has(c.generator.dataset) && c.generator.dataset !== input.name
      ? [{ column: c.name, parent: c.generator.dataset, parentColumn: c.generator.column }]
      : [],
  );
}

/** Parents before children; a cycle of references is refused (it has no such order). */
function parentsFirst(inputs: readonly SampleInput[], refs: ReadonlyMap<string, Reference[]>): SampleInput[] {
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const done = new Set<string>();
  const order: SampleInput[] = [];
  const visit = (name: string, path: string[]) => {
    if (done.has(name)) return;
    if (path.includes(name)) throw new Error(`the datasets reference each other in a cycle (${[...path, name].join(' → ')}): a sample needs parents it can draw first`);
    for (const ref of refs.get(name) ?? []) visit(ref.parent, [...path, name]);
    done.add(name);
    order.push(byName.get(name)!);
  };
  for (const input of inputs) visit(input.name, []);
  return order;
}

/** How one column leaves the warehouse. A foreign key is pseudonymised under the key it references,
 * so it stays joinable; pii columns leave as they are only under a steward's exception, secret never. */
function policyOf(input: SampleInput, columnName: string): MaskingPolicy {
  const column = input.contract.columns.find((c) => c.name === columnName)!;
  if (input.unmasked?.includes(column.name)) {
    if (column.sensitivity === 'secret') throw new Error(`${input.name}.${column.name} is secret: no exception lets it out of the warehouse unmasked`);
    return { kind: 'keep' };
  }
  const policy = policyOfContract(input.name, column);
  const reference = column.generator?.kind === 'reference' ? column.generator : null;
  const masked = policy.kind === 'pseudonymise' && reference ? { ...policy, purpose: `${reference.dataset}.${reference.column}` } : policy;
  if (masked.kind === 'keep' && (column.sensitivity === 'pii' || column.sensitivity === 'secret')) {
    throw new Error(`${input.name}.${column.name} is ${column.sensitivity} and its contract masks nothing: a sample never carries it as it is`);
  }
  return masked;
}

/**
 * Plans a seeded sample with referential integrity: a root dataset keeps the rows whose keyed hash
 * (md5 of seed, dataset and primary key) falls under `rate`; a dataset that references another keeps
 * the rows whose (first) reference points at a kept parent row; then, children first, every parent row
 * a kept row references is added, so no foreign key dangles. Same snapshots, seed, rate and contracts:
 * the same rows. Throws, before anything runs, for a column the contract masks but the snapshot lacks,
 * a masking rule that does not fit its column's type, or a cycle of references.
 */
export function planSample(
  inputs: readonly SampleInput[],
  options: { rate: number; seed: number; rowsTable: (name: string) => string; maskedTable: (name: string) => string },
): SamplePlan {
  if (!(options.rate > 0 && options.rate <= 1)) throw new Error('rate: more than 0 and at most 1');
  const names = new Set(inputs.map((i) => i.name));
  const refs = new Map(inputs.map((i) => [i.name, referencesOf(i, names)]));
  const ordered = parentsFirst(inputs, refs);
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const threshold = Math.round(options.rate * DRAW_RESOLUTION);

  for (const input of inputs) {
    const present = new Set(input.columns.map((c) => c.name));
    for (const column of input.contract.columns) {
      if (!present.has(column.name) && column.masking !== 'none') {
        throw new Error(`${input.name}.${column.name}: the contract masks this column (${column.masking}) but the current snapshot has no such column — change the contract or load the dataset again`);
      }
    }
    for (const key of input.primaryKey) if (!present.has(key)) throw new Error(`${input.name}: primary key column ${key} is not in the current snapshot`);
    for (const ref of refs.get(input.name) ?? []) {
      if (!present.has(ref.column)) throw new Error(`${input.name}.${ref.column} references ${ref.parent} but the current snapshot has no such column`);
      if (!byName.get(ref.parent)!.columns.some((c) => c.name === ref.parentColumn)) throw new Error(`${input.name}.${ref.column} references ${ref.parent}.${ref.parentColumn}, which the snapshot of ${ref.parent} lacks`);
    }
  }

  const statements: string[] = [];
  for (const input of ordered) {
    const target = options.rowsTable(input.name);
    const [first] = refs.get(input.name) ?? [];
    if (first) {
      statements.push(`CREATE TABLE ${target} AS SELECT * FROM ${input.from} WHERE ${ident(first.column)} IN (SELECT ${ident(first.parentColumn)} FROM ${options.rowsTable(first.parent)})`);
    } else {
      const keyColumns = input.primaryKey.length > 0 ? input.primaryKey : input.columns.map((c) => c.name);
      const key = keyColumns.map((k) => `coalesce(CAST(${ident(k)} AS VARCHAR), '\\N')`).join(` || '|' || `);
      const draw = `md5_number_upper(${literal(`${options.seed}:${input.name}:`)} || ${key}) % ${DRAW_RESOLUTION}`;
      statements.push(`CREATE TABLE ${target} AS SELECT * FROM ${input.from} WHERE ${draw} < ${threshold}`);
    }
  }
  for (const parent of [...ordered].reverse()) {
    for (const child of inputs) {
      for (const ref of (refs.get(child.name) ?? []).filter((r) => r.parent === parent.name)) {
        const key = ident(ref.parentColumn);
        statements.push(
          `INSERT INTO ${options.rowsTable(parent.name)} SELECT * FROM ${parent.from} s WHERE s.${key} IN (SELECT ${ident(ref.column)} FROM ${options.rowsTable(child.name)} WHERE ${ident(ref.column)} IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM ${options.rowsTable(parent.name)} k WHERE k.${key} = s.${key})`,
        );
      }
    }
  }

  const masked = ordered.map((input) => {
    const present = new Set(input.columns.map((c) => c.name));
    // Contract order; a snapshot column the contract does not describe has no known sensitivity: left out.
    const list = input.contract.columns.flatMap((column) => {
      if (!present.has(column.name)) return [];
      const type = input.columns.find((c) => c.name === column.name)!.type;
      const expression = maskExpression({ name: column.name, type }, policyOf(input, column.name));
      return expression === null ? [] : [`${expression} AS ${ident(column.name)}`];
    });
    if (list.length === 0) throw new Error(`${input.name}: every column is dropped by its masking rules`);
    statements.push(`CREATE TABLE ${options.maskedTable(input.name)} AS SELECT ${list.join(', ')} FROM ${options.rowsTable(input.name)}`);
    return { name: input.name, table: options.maskedTable(input.name) };
  });
  return { statements, masked };
}
