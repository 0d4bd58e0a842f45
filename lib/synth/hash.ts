/* Content hash of a generated table, computed inside DuckDB so both engines produce the same text. */
import type { Engine } from '@/lib/engine/types';
import { sqlIdent, sqlString } from './random';

export type TableSummary = { rows: number; columns: number; hash: string };

/**
 * md5 of (column names and types, row count, Σ hash(row) as HUGEINT). The sum makes it independent of
 * row order and counts duplicates; hash() of the row struct tells NULL from every value. Not a
 * cryptographic commitment (sums of 64-bit hashes can be made to collide on purpose) but ample to
 * prove that the same seed gave the same table. Note hash(-0.0) = hash(0.0); the generator never
 * makes floating-point columns from arithmetic that could produce −0.
 */
export async function summarizeTable(engine: Engine, table: string): Promise<TableSummary> {
  const schema =
    `SELECT count(*) AS n, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS s ` +
    `FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${sqlString(table)}`;
  const { rows } = await engine.query(
    `WITH schema AS (${schema}), content AS (SELECT count(*) AS n, coalesce(sum(hash(t)::HUGEINT), 0) AS total FROM ${sqlIdent(table)} t)
     SELECT content.n::VARCHAR, schema.n::VARCHAR, md5(schema.s || '|' || content.n::VARCHAR || '|' || content.total::VARCHAR) FROM schema, content`,
    { exactTypes: false },
  );
  const [n, columns, hash] = rows[0] ?? [];
  return { rows: Number(n), columns: Number(columns), hash: String(hash) };
}

export async function tableHash(engine: Engine, table: string): Promise<string> {
  return (await summarizeTable(engine, table)).hash;
}
