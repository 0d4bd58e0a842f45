import type { Sensitivity } from '@/lib/contracts/schema';

/** A column of a source or of a model, as `table.column`. */
export type ColumnPath = { table: string; column: string };

/** A value that flows into the column; `maskedBy` names the masking function it passed through. */
export type DirectInput = ColumnPath & { maskedBy?: string };

export type ColumnLineage = {
  name: string;
  /** Input columns whose values flow into this column. */
  direct: DirectInput[];
  /** Input columns that decide which rows or groups there are (filters, join keys, group keys,
   * CASE conditions, window partitions), not the values. */
  indirect: ColumnPath[];
  /** Set when the analysis could not tell where (some of) the value comes from: the column then
   * counts as carrying every column its model reads (fail closed). */
  unknown: string | null;
};

export type ModelLineage = {
  model: string;
  /** The sources and models its SQL reads (CTE names excluded). */
  reads: string[];
  /** DuckDB could not parse the SQL, so what it reads is not known: for sensitivity it reads every
   * source and every other model (fail closed). */
  readsUnknown?: true;
  /** In the order of the model's real output schema (DuckDB's binder). */
  columns: ColumnLineage[];
  /** The analysis agreed with the binder's output schema (names and count); false: every column is
   * `unknown` and `error` says why. */
  verified: boolean;
  error: string | null;
};

export type LineageSource = { name: string; columns: { name: string; type: string; sensitivity: Sensitivity; masking: string }[] };

/** Column lineage of every model of one artifact, from DuckDB's own parser and binder. */
export type PipelineLineage = {
  version: 1;
  duckdbVersion: string;
  sources: LineageSource[];
  /** Models in dependency order, each with its binder schema. */
  models: (ModelLineage & { schema: { name: string; type: string }[] })[];
  elapsedMs: number;
};
