import { Field, makeBuilder, makeData, RecordBatch, Schema, Struct, Utf8 } from 'apache-arrow';

type TextRow = readonly (string | number | boolean | null)[];

/** The schema of a sample table on the wire: every column nullable text. One schema for every batch
 * of a table — a writer given a batch of another schema (nullability inferred from the values) ends
 * its stream. */
export function textSchema(columns: readonly string[]): Schema {
  return new Schema(columns.map((name) => new Field(name, new Utf8(), true)));
}

/** A batch of rows as Arrow text (Utf8) columns: the wire form of a sample. Every engine casts the
 * text back to the column's type (Engine.loadTextTable), so DECIMAL, HUGEINT or nested values travel
 * exactly, as DuckDB prints them. */
export function textBatch(schema: Schema, rows: readonly TextRow[]): RecordBatch {
  const children = schema.fields.map((_, i) => {
    const builder = makeBuilder({ type: new Utf8(), nullValues: [null] });
    for (const row of rows) builder.append(row[i] === null || row[i] === undefined ? null : String(row[i]));
    return builder.finish().flush();
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children }));
}
