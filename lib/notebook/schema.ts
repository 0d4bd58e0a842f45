import { z } from 'zod';

export const MODEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const SqlCell = z.object({
  id: z.string().min(1).max(64),
  kind: z.literal('sql'),
  /** The model this cell defines; other cells reference it by this name. */
  name: z.string().regex(MODEL_NAME, 'model names are lower_snake_case, at most 63 characters'),
  source: z.string().max(200_000),
});

export const MarkdownCell = z.object({
  id: z.string().min(1).max(64),
  kind: z.literal('markdown'),
  source: z.string().max(200_000),
});

export const Cell = z.discriminatedUnion('kind', [SqlCell, MarkdownCell]);
export type Cell = z.infer<typeof Cell>;
export type SqlCell = z.infer<typeof SqlCell>;

export const Cells = z
  .array(Cell)
  .max(500)
  .superRefine((cells, ctx) => {
    const ids = new Set<string>();
    const names = new Set<string>();
    for (const [i, cell] of cells.entries()) {
      if (ids.has(cell.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate cell id ${cell.id}` });
      ids.add(cell.id);
      if (cell.kind !== 'sql') continue;
      if (names.has(cell.name)) {
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `two cells define the model ${cell.name}` });
      }
      names.add(cell.name);
    }
  });

export const SaveRevisionBody = z.object({
  baseRevision: z.number().int().nonnegative(),
  cells: Cells,
});
export type SaveRevisionBody = z.infer<typeof SaveRevisionBody>;

export const CreateNotebookBody = z.object({
  title: z.string().trim().min(1, 'a notebook needs a title').max(200),
});
