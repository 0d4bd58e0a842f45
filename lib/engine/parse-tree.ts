/** The tables a statement reads, from DuckDB's `json_serialize_sql` parse tree: every BASE_TABLE
 * reference, minus the names of the CTEs the statement defines. Sorted and unique, like DuckDB-WASM's
 * `getTableNames`. Throws DuckDB's parser error when the text does not parse. */
export function tablesInParseTree(json: string): string[] {
  const tree = JSON.parse(json) as unknown;
  // Not a SELECT (ATTACH, COPY, SET…): it reads no model, and running it gives DuckDB's (or our
  // refusal's) own clear message instead of "Only SELECT statements can be serialized to json!".
  if (isRecord(tree) && tree.error === true && tree.error_type === 'not implemented') return [];
  if (isRecord(tree) && tree.error === true) {
    const kind = typeof tree.error_type === 'string' ? tree.error_type : 'parser';
    throw new Error(`${kind[0]?.toUpperCase()}${kind.slice(1)} Error: ${String(tree.error_message)}`);
  }
  const tables = new Set<string>();
  const ctes = new Set<string>();
  walk(tree, (node) => {
    if (node.type === 'BASE_TABLE' && typeof node.table_name === 'string') tables.add(node.table_name);
    const map = isRecord(node.cte_map) && Array.isArray(node.cte_map.map) ? node.cte_map.map : [];
    for (const entry of map) if (isRecord(entry) && typeof entry.key === 'string') ctes.add(entry.key);
  });
  return [...tables].filter((name) => !ctes.has(name)).sort();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (isRecord(value)) {
    visit(value);
    for (const child of Object.values(value)) walk(child, visit);
  }
}
