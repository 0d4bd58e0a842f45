/**
 * The nodes of DuckDB's `json_serialize_sql` output that the lineage walker reads, typed from the
 * serialization specs in the duckdb repository (src/include/duckdb/storage/serialization/
 * parsed_expression.json, tableref.json, query_node.json) and checked against what DuckDB v1.4.3
 * emits (resolve.test.ts parses real SQL). Only the members the walker uses are listed; a node of a
 * kind not listed here makes the walker give up on the model (fail closed), never guess.
 */

type Node<C extends string, M> = { class: C; type: string; alias: string } & M;

export type OrderByNode = { type: string; null_order: string; expression: ParsedExpression };

export type ParsedExpression =
  | Node<'COLUMN_REF', { column_names: string[] }>
  | Node<
      'STAR',
      {
        relation_name: string;
        /** Plain names; DuckDB 1.4 also emits qualified ones as objects in qualified_exclude_list. */
        exclude_list: (string | { column?: string })[];
        qualified_exclude_list?: { column?: string }[];
        replace_list: { key: string; value: ParsedExpression }[];
        rename_list?: { key: { column?: string }; value: string }[];
        /** COLUMNS(...) rather than `*`. */
        columns: boolean;
        expr: ParsedExpression | null;
      }
    >
  | Node<'CONSTANT', { value: { type: { id: string }; is_null?: boolean; value?: unknown } }>
  | Node<
      'FUNCTION',
      {
        function_name: string;
        children: ParsedExpression[];
        filter?: ParsedExpression | null;
        order_bys?: { orders?: OrderByNode[] };
        distinct?: boolean;
      }
    >
  | Node<
      'WINDOW',
      {
        function_name: string;
        children?: ParsedExpression[];
        partitions?: ParsedExpression[];
        orders?: OrderByNode[];
        arg_orders?: OrderByNode[];
        start_expr?: ParsedExpression | null;
        end_expr?: ParsedExpression | null;
        offset_expr?: ParsedExpression | null;
        default_expr?: ParsedExpression | null;
        filter_expr?: ParsedExpression | null;
      }
    >
  | Node<'CASE', { case_checks: { when_expr: ParsedExpression; then_expr: ParsedExpression }[]; else_expr: ParsedExpression | null }>
  | Node<'CAST', { child: ParsedExpression }>
  | Node<'COLLATE', { child: ParsedExpression }>
  | Node<'COMPARISON', { left: ParsedExpression; right: ParsedExpression }>
  | Node<'CONJUNCTION', { children: ParsedExpression[] }>
  | Node<'OPERATOR', { children: ParsedExpression[] }>
  | Node<'BETWEEN', { input: ParsedExpression; lower: ParsedExpression; upper: ParsedExpression }>
  | Node<'LAMBDA', { lhs: ParsedExpression; expr: ParsedExpression }>
  | Node<'SUBQUERY', { subquery_type: string; subquery: SelectStatement; child?: ParsedExpression | null }>
  | Node<'PARAMETER' | 'DEFAULT' | 'POSITIONAL_REFERENCE', object>;

export type SelectStatement = { node: QueryNode };

type Ref<T extends string, M> = { type: T; alias: string } & M;

export type TableRef =
  | Ref<'BASE_TABLE', { schema_name: string; table_name: string; column_name_alias?: string[] }>
  | Ref<'SUBQUERY', { subquery: SelectStatement; column_name_alias?: string[] }>
  | Ref<
      'JOIN',
      { left: TableRef; right: TableRef; condition: ParsedExpression | null; join_type: string; ref_type: string; using_columns?: string[] }
    >
  | Ref<'TABLE_FUNCTION', { function: ParsedExpression; column_name_alias?: string[] }>
  | Ref<'EXPRESSION_LIST', { values: ParsedExpression[][]; expected_names?: string[] }>
  | Ref<'EMPTY', object>;

export type ResultModifier =
  | { type: 'ORDER_MODIFIER'; orders?: OrderByNode[] }
  | { type: 'DISTINCT_MODIFIER'; distinct_on_targets?: ParsedExpression[] }
  | { type: 'LIMIT_MODIFIER' | 'LIMIT_PERCENT_MODIFIER'; limit?: ParsedExpression | null; offset?: ParsedExpression | null };

export type CteMap = { map?: { key: string; value: { aliases?: string[]; query: SelectStatement } }[] };

type Query<T extends string, M> = { type: T; modifiers?: ResultModifier[]; cte_map?: CteMap } & M;

export type QueryNode =
  | Query<
      'SELECT_NODE',
      {
        select_list: ParsedExpression[];
        from_table: TableRef;
        where_clause?: ParsedExpression | null;
        group_expressions?: ParsedExpression[];
        aggregate_handling?: string;
        having?: ParsedExpression | null;
        qualify?: ParsedExpression | null;
      }
    >
  | Query<'SET_OPERATION_NODE', { setop_type: string; left?: QueryNode; right?: QueryNode; children?: QueryNode[] }>
  | Query<'RECURSIVE_CTE_NODE', { cte_name: string; left: QueryNode; right: QueryNode; aliases?: string[] }>
  | Query<'CTE_NODE', { cte_name: string; query: QueryNode; child: QueryNode; aliases?: string[] }>;

/** The one statement of a model's SQL, or the parser's error. */
export function parseTreeOf(json: string): { ok: true; node: QueryNode } | { ok: false; message: string } {
  const tree = JSON.parse(json) as { error?: boolean; error_message?: string; statements?: SelectStatement[] };
  if (tree.error) return { ok: false, message: tree.error_message ?? 'DuckDB could not serialize the statement' };
  const statements = tree.statements ?? [];
  if (statements.length !== 1 || !statements[0]) return { ok: false, message: `a model is one SELECT statement, not ${statements.length}` };
  return { ok: true, node: statements[0].node };
}
