import { RecordBatchStreamWriter, Table, Utf8, vectorFromArray } from 'apache-arrow';

type TextRow = readonly (string | number | boolean | null)[];

/** A batch of rows as an Arrow table of text (Utf8) columns: the wire form of a sample. Every engine
 * casts the text back to the column's type (Engine.loadTextTable), so DECIMAL, HUGEINT or nested
 * values travel exactly, as DuckDB prints them. */
export function textBatch(columns: readonly string[], rows: readonly TextRow[]): Table {
  const vectors = Object.fromEntries(
    columns.map((name, i) => [name, vectorFromArray(rows.map((row) => (row[i] === null || row[i] === undefined ? null : String(row[i]))), new Utf8())]),
  );
  return new Table(vectors);
}

/** An Arrow IPC stream writer for text batches; `finish()` ends the stream. */
export function textStreamWriter(): RecordBatchStreamWriter {
  return new RecordBatchStreamWriter();
}
