import { structuredPatch } from 'diff';
import type { Cell } from '@/lib/notebook/schema';
import { describeCheck } from '@/lib/quality/checks';
import type { ArtifactContent, Column, ModelResult } from './schema';

/** One hunk of a line diff: `lines` start with ' ', '-' or '+' as in a unified diff. */
export type Hunk = { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] };

export type CellChange = {
  /** Cells are matched by id (a fork keeps them); a model cell is named by its model. */
  id: string;
  label: string;
  status: 'added' | 'removed' | 'changed' | 'same';
  hunks: Hunk[];
};

export type ColumnChange =
  | { column: string; change: 'added'; type: string }
  | { column: string; change: 'removed'; type: string }
  | { column: string; change: 'type'; from: string; to: string };

export type ModelChange = {
  name: string;
  status: 'added' | 'removed' | 'changed' | 'same';
  columns: ColumnChange[];
  rows: { from: number | null; to: number | null };
  /** The rows are the same (fingerprints equal) on both sides. */
  sameData: boolean;
};

/** One check's side: what it asserts, in words, and how it came out in that run. */
export type CheckSide = { model: string; label: string; status: string | null; failing: number | null };

/** A check matched by its cell and id across the two runs: its definition and its result, each side. */
export type CheckChange = {
  cellId: string;
  checkId: string;
  change: 'added' | 'removed' | 'changed' | 'same';
  /** The result moved, e.g. fail → pass. */
  resultChanged: boolean;
  from: CheckSide | null;
  to: CheckSide | null;
};

export type ArtifactComparison = {
  cells: CellChange[];
  checks: CheckChange[];
  models: ModelChange[];
  /** Same generator, seed, row counts and input fingerprints: the two ran on the same data. */
  sameInput: boolean;
  engines: { from: string; to: string };
};

/** The text a cell is compared by: its SQL, markdown, checks or chart spec as stable JSON. */
function cellText(cell: Cell): string {
  switch (cell.kind) {
    case 'sql':
    case 'markdown':
      return cell.source.endsWith('\n') ? cell.source : `${cell.source}\n`;
    case 'check':
      return `${JSON.stringify({ model: cell.model, checks: cell.checks }, null, 2)}\n`;
    case 'chart':
      return `${JSON.stringify({ model: cell.model, spec: cell.spec }, null, 2)}\n`;
  }
}

function cellLabel(cell: Cell): string {
  switch (cell.kind) {
    case 'sql':
      return `model ${cell.name}`;
    case 'check':
      return `checks on ${cell.model}`;
    case 'chart':
      return `chart of ${cell.model}`;
    case 'markdown':
      return `markdown ${cell.id}`;
  }
}

function compareCells(from: readonly Cell[], to: readonly Cell[]): CellChange[] {
  const before = new Map(from.map((cell) => [cell.id, cell]));
  const after = new Map(to.map((cell) => [cell.id, cell]));
  const changes: CellChange[] = [];
  for (const cell of to) {
    const old = before.get(cell.id);
    const oldText = old ? cellText(old) : '';
    const newText = cellText(cell);
    const hunks = oldText === newText ? [] : structuredPatch('a', 'b', oldText, newText, '', '', { context: 3 }).hunks;
    const renamed = old?.kind === 'sql' && cell.kind === 'sql' && old.name !== cell.name ? `model ${old.name} → ${cell.name}` : null;
    changes.push({
      id: cell.id,
      label: renamed ?? cellLabel(cell),
      status: !old ? 'added' : hunks.length > 0 || renamed || old.kind !== cell.kind ? 'changed' : 'same',
      hunks,
    });
  }
  for (const cell of from) {
    if (after.has(cell.id)) continue;
    changes.push({ id: cell.id, label: cellLabel(cell), status: 'removed', hunks: structuredPatch('a', 'b', cellText(cell), '', '', '', { context: 3 }).hunks });
  }
  return changes;
}

function compareColumns(from: readonly Column[], to: readonly Column[]): ColumnChange[] {
  const before = new Map(from.map((c) => [c.name, c.type]));
  const after = new Map(to.map((c) => [c.name, c.type]));
  const changes: ColumnChange[] = [];
  for (const { name, type } of to) {
    const old = before.get(name);
    if (old === undefined) changes.push({ column: name, change: 'added', type });
    else if (old !== type) changes.push({ column: name, change: 'type', from: old, to: type });
  }
  for (const { name, type } of from) if (!after.has(name)) changes.push({ column: name, change: 'removed', type });
  return changes;
}

function compareModels(from: readonly ModelResult[], to: readonly ModelResult[]): ModelChange[] {
  const before = new Map(from.map((m) => [m.name, m]));
  const after = new Map(to.map((m) => [m.name, m]));
  const changes: ModelChange[] = [];
  for (const model of to) {
    const old = before.get(model.name);
    const columns = compareColumns(old?.schema ?? [], model.schema);
    const sameData = old !== undefined && old.fingerprint === model.fingerprint && old.rowCount === model.rowCount;
    const sameSchema = old !== undefined && JSON.stringify(old.schema) === JSON.stringify(model.schema);
    changes.push({
      name: model.name,
      status: !old ? 'added' : sameData && sameSchema ? 'same' : 'changed',
      columns: old ? columns : [],
      rows: { from: old?.rowCount ?? null, to: model.rowCount },
      sameData,
    });
  }
  for (const model of from) {
    if (!after.has(model.name)) changes.push({ name: model.name, status: 'removed', columns: [], rows: { from: model.rowCount, to: null }, sameData: false });
  }
  return changes;
}

function checkSides(content: ArtifactContent): Map<string, CheckSide & { cellId: string; checkId: string }> {
  const outcomes = new Map(content.checks.map((o) => [`${o.cellId} ${o.checkId}`, o]));
  const sides = new Map<string, CheckSide & { cellId: string; checkId: string }>();
  for (const cell of content.cells) {
    if (cell.kind !== 'check') continue;
    for (const check of cell.checks) {
      const key = `${cell.id} ${check.id}`;
      const outcome = outcomes.get(key);
      sides.set(key, { cellId: cell.id, checkId: check.id, model: cell.model, label: describeCheck(check), status: outcome?.status ?? null, failing: outcome?.failing ?? null });
    }
  }
  return sides;
}

function compareChecks(from: ArtifactContent, to: ArtifactContent): CheckChange[] {
  const before = checkSides(from);
  const after = checkSides(to);
  const side = ({ model, label, status, failing }: CheckSide): CheckSide => ({ model, label, status, failing });
  const changes: CheckChange[] = [];
  for (const [key, now] of after) {
    const old = before.get(key);
    const definitionChanged = old !== undefined && (old.label !== now.label || old.model !== now.model);
    changes.push({
      cellId: now.cellId,
      checkId: now.checkId,
      change: old === undefined ? 'added' : definitionChanged ? 'changed' : 'same',
      resultChanged: old !== undefined && (old.status !== now.status || old.failing !== now.failing),
      from: old ? side(old) : null,
      to: side(now),
    });
  }
  for (const [key, old] of before) {
    if (!after.has(key)) changes.push({ cellId: old.cellId, checkId: old.checkId, change: 'removed', resultChanged: false, from: side(old), to: null });
  }
  return changes;
}

/** What changed from artifact `from` to artifact `to`: cell code, checks and their results, model schemas, row counts, data. */
export function compareArtifacts(from: ArtifactContent, to: ArtifactContent): ArtifactComparison {
  const input = (content: ArtifactContent) => JSON.stringify({ spec: content.sandbox.spec, tables: content.sandbox.tables });
  const engine = (content: ArtifactContent) => `${content.engine.packageVersion} (DuckDB ${content.engine.duckdbVersion})`;
  return {
    cells: compareCells(from.cells, to.cells),
    checks: compareChecks(from, to),
    models: compareModels(from.models, to.models),
    sameInput: input(from) === input(to),
    engines: { from: engine(from), to: engine(to) },
  };
}
