import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { CSV_NEWLINE, csvLines } from '@/lib/grid/csv';
import { PRODUCTION_READERS } from '@/lib/runs/roles';
import { json, param, route } from '@/lib/server/http/route';
import { readProductionPage } from '@/lib/server/runs/read';
import { productionWarehouse } from '@/lib/server/runs/warehouse';

const Query = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  sort: z.string().min(1).max(255).optional(),
  dir: z.enum(['asc', 'desc']).default('asc'),
});

const CSV_PAGE_ROWS = 10_000;

/**
 * A production model's rows through its `prod` view: a page as JSON (`offset`, `limit` ≤ 1,000,
 * `sort`, `dir`), or `format=csv` for all of it, streamed a page at a time.
 */
export const GET = route({ anyRole: PRODUCTION_READERS }, async ({ app, req, params }) => {
  const parsed = Query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('bad_request', `${String(issue?.path[0] ?? 'query')}: ${issue?.message ?? 'invalid'}`);
  }
  const query = parsed.data;
  const pipelineId = param(params, 'id');
  const model = param(params, 'model');
  const warehouse = await productionWarehouse(app.db);
  const sort = query.sort ? { column: query.sort, direction: query.dir } : undefined;
  const first = await readProductionPage(app.db, warehouse, pipelineId, model, { offset: query.format === 'csv' ? 0 : query.offset, limit: query.format === 'csv' ? CSV_PAGE_ROWS : query.limit, sort });
  if (query.format === 'json') return json({ columns: first.columns, rows: first.rows, offset: query.offset, total: first.total });

  const encoder = new TextEncoder();
  let offset = 0;
  let page: typeof first | null = first;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLines([first.columns.map((c) => c.name)])));
    },
    async pull(controller) {
      page ??= await readProductionPage(app.db, warehouse, pipelineId, model, { offset, limit: CSV_PAGE_ROWS, sort });
      if (page.rows.length > 0) controller.enqueue(encoder.encode(CSV_NEWLINE + csvLines(page.rows)));
      if (page.rows.length < CSV_PAGE_ROWS) return controller.close();
      offset += CSV_PAGE_ROWS;
      page = null;
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${model}.csv"` },
  });
});
