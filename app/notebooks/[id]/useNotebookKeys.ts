'use client';

import { useRef, type KeyboardEvent } from 'react';
import type { Cell } from '@/lib/notebook/schema';
import { isTyping } from './typing';

type Options = {
  cells: Cell[];
  selected: string | null;
  canEdit: boolean;
  select(id: string): void;
  /** Enter: into the cell's editor. */
  edit(id: string): void;
  move(id: string, delta: -1 | 1): void;
  add(at: { id: string; where: 'above' | 'below' }): void;
  remove(id: string): void;
};

const focusCell = (id: string) => document.querySelector<HTMLElement>(`[data-cell-id="${id}"]`)?.focus();

/** Notebook mode (focus on a cell, not in an editor): Jupyter's keys. D D deletes, the second D within 800 ms. */
export function useNotebookKeys({ cells, selected, canEdit, select, edit, move, add, remove }: Options) {
  const pendingDelete = useRef(0);
  return (event: KeyboardEvent) => {
    if (isTyping(event.target) || selected === null) return;
    const index = cells.findIndex((c) => c.id === selected);
    const go = (i: number) => {
      const cell = cells[Math.max(0, Math.min(cells.length - 1, i))];
      if (!cell) return;
      select(cell.id);
      focusCell(cell.id);
    };
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown') && canEdit) move(selected, event.key === 'ArrowUp' ? -1 : 1);
    else if (event.key === 'ArrowUp') go(index - 1);
    else if (event.key === 'ArrowDown') go(index + 1);
    else if (event.key === 'Enter') edit(selected);
    else if (canEdit && (event.key === 'a' || event.key === 'b')) add({ id: selected, where: event.key === 'a' ? 'above' : 'below' });
    else if (canEdit && event.key === 'd') {
      if (Date.now() - pendingDelete.current < 800) {
        remove(selected);
        go(index + 1 < cells.length ? index + 1 : index - 1);
        pendingDelete.current = 0;
      } else pendingDelete.current = Date.now();
    } else return;
    event.preventDefault();
  };
}
