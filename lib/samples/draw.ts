// Server side (node:fs and the warehouse): the part of the sample job that needs no metadata database,
// shared with bench/samples.ts.
import { createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { RecordBatchStreamWriter } from 'apache-arrow';
import { sqlName, type TableName, type Warehouse } from '@/lib/warehouse/types';
import { textBatch, textSchema } from './arrow-text';
import { planSample, type SampleInput } from './plan';

/** Rows per Arrow batch written to a sample file: a bounded slice of the table in memory at a time. */
const BATCH_ROWS = 50_000;

/** `bytes`: the Arrow stream's size (what a browser receives); `storedBytes`: its gzip file's (what travels). */
export type DrawnTable = { name: string; rows: number; fingerprint: string; columns: { name: string; type: string }[]; bytes: number; storedBytes: number };

/** Writes the table as a gzip-compressed Arrow IPC stream (text compresses several times over; the
 * API sends the file as it is with `Content-Encoding: gzip`). Returns both sizes. */
async function writeArrowFile(warehouse: Warehouse, table: TableName, path: string): Promise<{ bytes: number; storedBytes: number }> {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.partial`;
  const writer = new RecordBatchStreamWriter();
  // The writer as an async iterable of bytes: its toNodeStream() exists only in apache-arrow's Node
  // build, and the server bundle gets the other one.
  let bytes = 0;
  const counted = Readable.from(writer).on('data', (chunk: Uint8Array) => (bytes += chunk.length));
  const written = pipeline(counted, createGzip(), createWriteStream(temp));
  try {
    let schema: ReturnType<typeof textSchema> | null = null;
    for (let offset = 0; ; offset += BATCH_ROWS) {
      const page = await warehouse.readPage(table, { offset, limit: BATCH_ROWS });
      schema ??= textSchema(page.columns.map((c) => c.name));
      if (page.rows.length > 0 || offset === 0) writer.write(textBatch(schema, page.rows));
      if (page.rows.length < BATCH_ROWS) break;
    }
    writer.finish();
    await written;
    renameSync(temp, path);
    return { bytes, storedBytes: statSync(path).size };
  } catch (error) {
    // The writer may have closed already; its own complaint would hide the real error.
    try {
      writer.abort();
    } catch {
      // closed
    }
    await written.catch(() => {});
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Draws a sample in the warehouse's stage layer (planSample; the warehouse must have masking enabled),
 * refuses it when the drawn rows are over `rowLimit`, writes each masked table as an Arrow file of text
 * columns at `fileOf(name)` with its fp2 fingerprint, and drops every stage table whatever happens.
 * Nothing unmasked is written outside the warehouse.
 */
export async function drawSampleTables(
  warehouse: Warehouse,
  inputs: readonly SampleInput[],
  options: { rate: number; seed: number; stagePrefix: string; fileOf: (name: string) => string; rowLimit: number },
): Promise<DrawnTable[]> {
  const stage = (name: string, part: string): TableName => ({ layer: 'stage', name: `${options.stagePrefix}_${name}_${part}` });
  const plan = planSample(inputs, { rate: options.rate, seed: options.seed, rowsTable: (n) => sqlName(stage(n, 'rows')), maskedTable: (n) => sqlName(stage(n, 'masked')) });
  try {
    const rowsStatements = plan.statements.slice(0, plan.statements.length - plan.masked.length);
    for (const statement of rowsStatements) await warehouse.query(statement);
    const counts = await warehouse.query(inputs.map((i) => `SELECT count(*) FROM ${sqlName(stage(i.name, 'rows'))}`).join(' UNION ALL '));
    const total = counts.rows.reduce((sum, [n]) => sum + Number(n), 0);
    if (total > options.rowLimit) {
      throw new Error(`the sample came out at ${total.toLocaleString('en-US')} rows, over the ${options.rowLimit.toLocaleString('en-US')} a browser is given (ASSAY_SAMPLE_MAX_ROWS): ask for a lower rate`);
    }
    for (const statement of plan.statements.slice(rowsStatements.length)) await warehouse.query(statement);
    const tables: DrawnTable[] = [];
    for (const { name } of plan.masked) {
      const masked = stage(name, 'masked');
      const { rows, fingerprint } = await warehouse.fingerprint(masked);
      const columns = await warehouse.describe(masked);
      tables.push({ name, rows, fingerprint, columns, ...(await writeArrowFile(warehouse, masked, options.fileOf(name))) });
    }
    return tables;
  } finally {
    for (const input of inputs) for (const part of ['rows', 'masked']) await warehouse.dropTable(stage(input.name, part)).catch(() => {});
  }
}
