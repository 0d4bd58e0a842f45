import { defaultChartSpec } from '@/lib/chart/spec';
import type { Column } from '@/lib/engine/types';
import type { Cell } from './schema';
import { assertNever } from './staleness';

/** Everything a person can do to the list of cells; ids come in with the action so this stays pure. */
export type CellAction =
  | { type: 'add'; cell: Cell; at?: { id: string; where: 'above' | 'below' } }
  | { type: 'edit'; id: string; patch: { source: string } | { name: string } }
  | { type: 'replace'; cell: Cell }
  | { type: 'delete'; id: string }
  | { type: 'duplicate'; id: string; newId: string }
  | { type: 'move'; id: string; delta: -1 | 1 }
  | { type: 'drop'; id: string; onto: string }
  | { type: 'toggle-collapse'; id: string };

/** The cell list after `action`; cells the action does not touch keep their identity. */
export function cellsReducer(cells: Cell[], action: CellAction): Cell[] {
  switch (action.type) {
    case 'add': {
      const at = action.at;
      const found = at ? cells.findIndex((c) => c.id === at.id) : -1;
      const index = at && found >= 0 ? found + (at.where === 'below' ? 1 : 0) : cells.length;
      return [...cells.slice(0, index), action.cell, ...cells.slice(index)];
    }
    case 'edit':
      return cells.map((c) => (c.id === action.id ? edited(c, action.patch) : c));
    case 'replace':
      return cells.map((c) => (c.id === action.cell.id ? action.cell : c));
    case 'delete':
      return cells.filter((c) => c.id !== action.id);
    case 'duplicate': {
      const index = cells.findIndex((c) => c.id === action.id);
      const original = cells[index];
      if (!original) return cells;
      const copy: Cell = { ...structuredClone(original), id: action.newId };
      if (copy.kind === 'sql') copy.name = nextModelName(cells, `${copy.name}_copy`.slice(0, 56));
      return [...cells.slice(0, index + 1), copy, ...cells.slice(index + 1)];
    }
    case 'move': {
      const from = cells.findIndex((c) => c.id === action.id);
      return from < 0 ? cells : moved(cells, from, from + action.delta);
    }
    case 'drop':
      return moved(cells, cells.findIndex((c) => c.id === action.id), cells.findIndex((c) => c.id === action.onto));
    case 'toggle-collapse':
      return cells.map((c) => (c.id === action.id ? { ...c, collapsed: !c.collapsed } : c));
    default:
      return assertNever(action);
  }
}

function edited(cell: Cell, patch: { source: string } | { name: string }): Cell {
  if ('name' in patch) return cell.kind === 'sql' ? { ...cell, name: patch.name } : cell;
  return cell.kind === 'sql' || cell.kind === 'markdown' ? { ...cell, source: patch.source } : cell;
}

function moved(cells: Cell[], from: number, to: number): Cell[] {
  if (from < 0 || to < 0 || to >= cells.length || from === to) return cells;
  const next = [...cells];
  const [cell] = next.splice(from, 1);
  next.splice(to, 0, cell!);
  return next;
}

/** `model_<n>` for a new cell, or `<base>_<n>` for a copy: the first name no cell defines yet. */
export function nextModelName(cells: Cell[], base = 'model'): string {
  const taken = new Set(cells.flatMap((c) => (c.kind === 'sql' ? [c.name] : [])));
  let n = base === 'model' ? cells.length + 1 : 2;
  while (taken.has(`${base}_${n}`)) n += 1;
  return `${base}_${n}`;
}

/** A new cell; check and chart cells start on the last model that has a result. */
export function newCell(kind: Cell['kind'], id: string, cells: Cell[], models: { name: string; columns: readonly Column[] }[]): Cell {
  const model = models.at(-1);
  switch (kind) {
    case 'sql':
      return { id, kind, name: nextModelName(cells), source: '' };
    case 'markdown':
      return { id, kind, source: '' };
    case 'check':
      return { id, kind, model: model?.name ?? 'model', checks: [] };
    case 'chart':
      return { id, kind, model: model?.name ?? 'model', spec: defaultChartSpec(model?.columns ?? []) };
    default:
      return assertNever(kind);
  }
}

/** What the cell is called in buttons and regions. */
export function cellLabel(cell: Cell): string {
  switch (cell.kind) {
    case 'sql':
      return `SQL cell ${cell.name}`;
    case 'check':
      return `Check cell on ${cell.model}`;
    case 'chart':
      return `Chart cell on ${cell.model}`;
    case 'markdown':
      return 'Markdown cell';
    default:
      return assertNever(cell);
  }
}
