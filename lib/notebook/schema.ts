import { z } from 'zod';
import { Check } from '@/lib/quality/schema';
import { SandboxSpec } from '@/lib/synth/spec';

export const MODEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const modelName = z.string().regex(MODEL_NAME, 'model names are lower_snake_case, at most 63 characters');
const base = {
  id: z.string().min(1).max(64),
  /** Shown folded to its header; saved so a reload keeps the layout. */
  collapsed: z.boolean().optional(),
};

export const SqlCell = z.object({
  ...base,
  kind: z.literal('sql'),
  /** The model this cell defines; other cells reference it by this name. */
  name: modelName,
  source: z.string().max(200_000),
});

export const MarkdownCell = z.object({ ...base, kind: z.literal('markdown'), source: z.string().max(200_000) });

/** Assertions on one model (or source); they run whenever that model changes. */
export const CheckCell = z.object({ ...base, kind: z.literal('check'), model: modelName, checks: z.array(Check).max(100) });

/** A Vega-Lite spec without its data: the data is the named model, so the chart is reproducible. */
export const ChartCell = z.object({
  ...base,
  kind: z.literal('chart'),
  model: modelName,
  spec: z.record(z.string(), z.unknown()).refine((spec) => JSON.stringify(spec).length <= 200_000, 'the chart spec is over 200 kB'),
});

export const Cell = z.discriminatedUnion('kind', [SqlCell, MarkdownCell, CheckCell, ChartCell]);
export type Cell = z.infer<typeof Cell>;
export type SqlCell = z.infer<typeof SqlCell>;
export type MarkdownCell = z.infer<typeof MarkdownCell>;
export type CheckCell = z.infer<typeof CheckCell>;
export type ChartCell = z.infer<typeof ChartCell>;

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
  /** The notebook's sandbox input; null until data has been generated. */
  sandbox: SandboxSpec.nullable().default(null),
});
export type SaveRevisionBody = z.infer<typeof SaveRevisionBody>;

export const CreateNotebookBody = z.object({
  title: z.string().trim().min(1, 'a notebook needs a title').max(200),
});
