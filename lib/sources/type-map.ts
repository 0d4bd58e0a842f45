/*
 * Source column types → DuckDB types. Values always travel as the source's text (drivers select
 * `col::text` / `CAST(col AS CHAR)`) and DuckDB casts that text to the type chosen here, so the only
 * question per type is which DuckDB type reads the source's text exactly. Anything without a faithful
 * counterpart (arrays, geometry, ranges, enums of the source) lands as VARCHAR: never a lossy cast.
 */

/** PostgreSQL `format_type()`-style names (information_schema data_type + precision). */
export function postgresToDuckdb(dataType: string, precision: number | null, scale: number | null): string {
  switch (dataType) {
    case 'smallint':
      return 'SMALLINT';
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'real':
      return 'FLOAT';
    case 'double precision':
      return 'DOUBLE';
    case 'numeric':
      // An unconstrained numeric can hold more digits than DuckDB's DECIMAL(38): keep its text.
      return precision !== null && precision <= 38 ? `DECIMAL(${precision},${scale ?? 0})` : 'VARCHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp without time zone':
      return 'TIMESTAMP';
    case 'timestamp with time zone':
      return 'TIMESTAMP WITH TIME ZONE';
    case 'time without time zone':
      return 'TIME';
    case 'uuid':
      return 'UUID';
    case 'interval':
      return 'INTERVAL';
    case 'json':
    case 'jsonb':
      return 'JSON';
    default:
      // text, character varying, character, enums (USER-DEFINED), arrays, inet, …
      return 'VARCHAR';
  }
}

/** MySQL/MariaDB information_schema DATA_TYPE + COLUMN_TYPE (for unsigned and tinyint(1)). */
export function mysqlToDuckdb(dataType: string, columnType: string, precision: number | null, scale: number | null): string {
  const unsigned = /unsigned/i.test(columnType);
  switch (dataType.toLowerCase()) {
    case 'tinyint':
      return /^tinyint\(1\)/i.test(columnType) ? 'BOOLEAN' : unsigned ? 'UTINYINT' : 'TINYINT';
    case 'smallint':
      return unsigned ? 'USMALLINT' : 'SMALLINT';
    case 'mediumint':
    case 'int':
    case 'integer':
      return unsigned ? 'UINTEGER' : 'INTEGER';
    case 'bigint':
      return unsigned ? 'UBIGINT' : 'BIGINT';
    case 'float':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'decimal':
      return precision !== null && precision <= 38 ? `DECIMAL(${precision},${scale ?? 0})` : 'VARCHAR';
    case 'date':
      return 'DATE';
    case 'datetime':
    case 'timestamp':
      return 'TIMESTAMP';
    case 'time':
      return 'TIME';
    case 'json':
      return 'JSON';
    default:
      // char, varchar, text, enum, set, blobs (as their text), year, bit, …
      return 'VARCHAR';
  }
}
