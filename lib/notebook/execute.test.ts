import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import type { Engine } from '@/lib/engine/types';
import { parityQueries } from '@/lib/engine/parity-queries';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { CellError, runSqlCell, type CellResult } from './execute';
import type { SqlCell } from './schema';

const sql = (name: string, source: string): SqlCell => ({ id: name, kind: 'sql', name, source });
const withoutTiming = ({ elapsedMs, ...rest }: CellResult) => (expect(elapsedMs).toBeGreaterThanOrEqual(0), rest);

// The same executor on both engines: what the analyst ran in the browser is what the server replays.
describe.each([
  ['native', createNativeEngine],
  ['wasm-node', createWasmNodeEngine],
] as const)('notebook executor on the %s engine', (_name, create) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine.close());

  it('runs a cell into a model and shows its columns, types, rows and count', async () => {
    expect(withoutTiming(await runSqlCell(engine, sql('answer', 'select 42 as answer;'), 10))).toEqual({
      columns: [{ name: 'answer', type: 'INTEGER' }],
      rows: [['42']],
      rowCount: 1,
    });
  });

  it('lets a later cell read an earlier model by name, NULL kept apart from empty text', async () => {
    await runSqlCell(engine, sql('base', "select * from (values (1, 'a'), (2, ''), (3, null)) t(id, label)"));
    const result = await runSqlCell(engine, sql('derived', 'select id * 10 as id10, label from base order by id'), 10);
    expect(result.columns).toEqual([
      { name: 'id10', type: 'INTEGER' },
      { name: 'label', type: 'VARCHAR' },
    ]);
    expect(result.rows).toEqual([
      ['10', 'a'],
      ['20', ''],
      ['30', null],
    ]);
  });

  it('counts every row but previews only the first ones', async () => {
    const result = await runSqlCell(engine, sql('big', 'select * from range(5000)'), 100);
    expect(result.rowCount).toBe(5000);
    expect(result.rows).toHaveLength(100);
  });

  it("reports DuckDB's error with the line in the cell's own source", async () => {
    const error = await runSqlCell(engine, sql('broken', 'select 1 as ok\nfrom no_such_table')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CellError);
    expect((error as CellError).message).toMatch(/^Catalog Error: Table with name no_such_table does not exist!/);
    expect((error as CellError).line).toBe(2);
    expect((error as CellError).message).toContain('LINE 2:');
    expect((error as CellError).column).toBe(6);
  });

  it('points at the column DuckDB reports, with the caret realigned under the renumbered line', async () => {
    const source = Array.from({ length: 9 }, (_v, i) => `-- ${i + 1}`).join('\n') + '\nselect 1 as x from nope_table';
    const error = (await runSqlCell(engine, sql('far', source)).catch((e: unknown) => e)) as CellError;
    expect(error.line).toBe(10);
    expect(error.column).toBe(20);
    const lines = error.message.split('\n');
    const excerpt = lines.findIndex((l) => l.startsWith('LINE 10: '));
    expect(lines[excerpt + 1]!.indexOf('^')).toBe('LINE 10: '.length + 19);
  });

  it('previews nothing unless asked: the grid pages the model table itself', async () => {
    const result = await runSqlCell(engine, sql('quiet', 'select * from range(10)'));
    expect(result).toMatchObject({ rowCount: 10, rows: [] });
  });

  it('names every column type as DESCRIBE does, for each type the engine-parity cases hold', async () => {
    const selects = parityQueries.filter(({ sql: source, fails }) => !fails && /^\s*(SELECT|WITH|VALUES|FROM)\b/iu.test(source) && !source.includes(';'));
    expect(selects.length).toBeGreaterThan(30);
    for (const { name, sql: source } of selects) {
      const result = await runSqlCell(engine, sql('typed', source), 1000);
      const described = await engine.query('DESCRIBE typed', { exactTypes: false });
      expect(result.columns, name).toEqual(described.rows.map((row) => ({ name: String(row[0]), type: String(row[1]) })));
      expect(result.rowCount, name).toBe(result.rows.length);
    }
  });

  it('counts a model whose preview is full, and one whose preview is all it has', async () => {
    expect(withoutTiming(await runSqlCell(engine, sql('full', 'select range::int as "n n" from range(3)'), 3))).toEqual({
      columns: [{ name: 'n n', type: 'INTEGER' }],
      rows: [['0'], ['1'], ['2']],
      rowCount: 3,
    });
    expect((await runSqlCell(engine, sql('part', 'select range::int as n from range(3)'), 4)).rowCount).toBe(3);
  });

  it('keeps the columns and types of an empty model', async () => {
    expect(withoutTiming(await runSqlCell(engine, sql('none', 'select 1::tinyint as t, [1] as l where false'), 10))).toEqual({
      columns: [
        { name: 't', type: 'TINYINT' },
        { name: 'l', type: 'INTEGER[]' },
      ],
      rows: [],
      rowCount: 0,
    });
  });

  it('refuses an empty cell with a message saying what to write', async () => {
    await expect(runSqlCell(engine, sql('empty', '  ;\n'))).rejects.toThrow('the cell is empty: write a SELECT that defines the model');
  });
});
