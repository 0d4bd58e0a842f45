import { RecordBatchStreamWriter, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import { textBatch, textSchema } from './arrow-text';

describe('sample tables as Arrow text', () => {
  it('writes one stream of many batches, with and without NULLs, that an engine loads back with its types', async () => {
    const schema = textSchema(['id', 'amount']);
    const writer = new RecordBatchStreamWriter();
    writer.write(textBatch(schema, [['1', '1.50'], ['2', null]]));
    writer.write(textBatch(schema, [['3', '2.25']]));
    writer.write(textBatch(schema, []));
    writer.finish();
    const ipc = await writer.toUint8Array();
    expect(tableFromIPC(ipc).numRows).toBe(3);
    const engine = await createNativeEngine();
    try {
      await engine.loadTextTable('t', [{ name: 'id', type: 'BIGINT' }, { name: 'amount', type: 'DECIMAL(10,2)' }], ipc);
      const { rows, columns } = await engine.query('SELECT * FROM t ORDER BY id');
      expect(columns.map((c) => c.type)).toEqual(['BIGINT', 'DECIMAL(10,2)']);
      expect(rows).toEqual([['1', '1.50'], ['2', null], ['3', '2.25']]);
    } finally {
      await engine.close();
    }
  });
});
