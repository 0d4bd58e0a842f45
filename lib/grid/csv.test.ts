import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { exportCsv } from './csv';

describe.each([
  ['native', createNativeEngine],
  ['wasm-node', createWasmNodeEngine],
] as const)('CSV export on the %s engine', (_name, create) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.query(
      `CREATE OR REPLACE TABLE tricky AS (
         SELECT * FROM (VALUES
           (1, 'plain'),
           (2, 'comma, inside'),
           (3, 'say "hi"'),
           (4, 'two' || chr(10) || 'lines'),
           (5, ''),
           (6, NULL),
           (7, ' padded ')
         ) t(id, "note, with comma"))`,
    );
    await engine.query('CREATE OR REPLACE TABLE counted AS (SELECT range AS n FROM range(2500))');
  });
  afterAll(() => engine.close());

  const columns = [{ name: 'id' }, { name: 'note, with comma' }];

  it('round-trips commas, quotes and newlines, with a header row', async () => {
    const blob = await exportCsv(engine, { table: 'tricky', columns, sort: null });
    expect(blob.type).toBe('text/csv;charset=utf-8');
    const parsed = Papa.parse<string[]>(await blob.text(), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      ['id', 'note, with comma'],
      ['1', 'plain'],
      ['2', 'comma, inside'],
      ['3', 'say "hi"'],
      ['4', 'two\nlines'],
      ['5', ''],
      ['6', ''],
      ['7', ' padded '],
    ]);
  });

  it('writes NULL as an empty field and empty text as "" so a reader can tell them apart', async () => {
    const text = await (await exportCsv(engine, { table: 'tricky', columns, sort: null })).text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('id,"note, with comma"');
    expect(text).toContain('\r\n5,""\r\n6,\r\n');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('exports in the grid order, chunk by chunk, reporting progress', async () => {
    const progress: number[] = [];
    const blob = await exportCsv(
      engine,
      { table: 'counted', columns: [{ name: 'n' }], sort: { column: 'n', direction: 'desc' } },
      { chunkRows: 1000, onProgress: (rows) => progress.push(rows) },
    );
    expect(progress).toEqual([1000, 2000, 2500]);
    const lines = (await blob.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2501);
    expect(lines.slice(0, 3)).toEqual(['n', '2499', '2498']);
    expect(lines.at(-1)).toBe('0');
    // The sort order it built for the export is gone.
    const { rows } = await engine.query("SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name LIKE '__assay_grid_order%'");
    expect(rows).toEqual([[0]]);
  });

  it('stops between chunks when aborted', async () => {
    const controller = new AbortController();
    const exported = exportCsv(engine, { table: 'counted', columns: [{ name: 'n' }], sort: null }, {
      chunkRows: 500,
      signal: controller.signal,
      onProgress: (rows) => rows >= 1000 && controller.abort(new Error('export cancelled')),
    });
    await expect(exported).rejects.toThrow('export cancelled');
  });
});

describe('CSV chunk sizes the export refuses', () => {
  const engine = { query: () => Promise.reject(new Error('must not be called')) } as unknown as Engine;
  it.each([0, -5, 1.5, 2_000_000])('refuses a chunk of %s rows', async (chunkRows) => {
    await expect(exportCsv(engine, { table: 't', columns: [], sort: null }, { chunkRows })).rejects.toThrow(
      `CSV chunk size must be a whole number of rows from 1 to 1000000; got ${chunkRows}`,
    );
  });
});
