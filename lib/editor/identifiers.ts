/** DuckDB's reserved keywords (`duckdb_keywords()` where keyword_category = 'reserved', DuckDB 1.4).
 * A name from this list, or any name that is not a plain identifier, must be double-quoted to be read
 * as a column or table. The list is fixed by DuckDB's grammar, so it is kept here rather than queried. */
export const RESERVED_KEYWORDS: ReadonlySet<string> = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'default deferrable desc describe distinct do else end except false fetch for foreign from group having in ' +
    'initially intersect into lambda lateral leading limit not null offset on only or order pivot pivot_longer ' +
    'pivot_wider placing primary qualify references returning select show some summarize symmetric table then to ' +
    'trailing true union unique unpivot using variadic when where window with'
  ).split(' '),
);

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The name as it can be typed into SQL. DuckDB matches identifiers case-insensitively (quoted or not),
 * so `OrderDate` needs no quotes; spaces, punctuation and reserved words do. */
export function sqlIdentifier(name: string): string {
  if (PLAIN.test(name) && !RESERVED_KEYWORDS.has(name.toLowerCase())) return name;
  return `"${name.replaceAll('"', '""')}"`;
}
