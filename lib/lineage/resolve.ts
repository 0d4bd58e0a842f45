import type { CteMap, OrderByNode, ParsedExpression, QueryNode, TableRef } from './parse-tree';

/**
 * Column lineage of one parsed SELECT, resolved against the known schemas (sources and upstream
 * models). The parse tree names columns but does not bind them, so this walker does the binder's
 * name resolution for lineage: FROM scopes, aliases, CTEs, subqueries, joins with USING, star
 * expansion (EXCLUDE/REPLACE/RENAME, COLUMNS('regex')), set operations, lambdas and correlated
 * subqueries. What it cannot resolve becomes `unknown` on the column; a construct it does not know at
 * all throws `Unresolvable` and the caller marks the whole model unknown.
 */

/** Where a column's value comes from: `table.column` → the masking function it passed through (null:
 * raw); the columns that only decide rows (indirect); why it is (partly) unknown, if it is. */
export type Flow = { direct: Map<string, string | null>; indirect: Set<string>; unknown: string | null };

export type OutputColumn = { name: string | null; flow: Flow };

export class Unresolvable extends Error {}

/** Functions whose result hides the value: the server's HMAC pseudonymisers always; unkeyed hashes
 * are recorded as masking too, and the compliant gate accepts them only where the column's policy is
 * `hash`. */
export const MASKING_FUNCTIONS = new Set(['assay_pseudonymise', 'assay_pseudonymise_email', 'assay_pseudonymise_id', 'md5', 'sha256', 'sha1']);
/** Aggregates whose value does not carry the input's values (how many, not which). */
const COUNTING = new Set(['count', 'count_star', 'approx_count_distinct']);
const AGGREGATES = new Set([
  'count', 'count_star', 'sum', 'avg', 'mean', 'min', 'max', 'any_value', 'first', 'last', 'list', 'array_agg', 'string_agg', 'group_concat',
  'median', 'mode', 'quantile', 'quantile_cont', 'quantile_disc', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp',
  'bool_and', 'bool_or', 'arg_max', 'arg_min', 'max_by', 'min_by', 'approx_count_distinct', 'histogram', 'product', 'fsum', 'kahan_sum',
]);

const emptyFlow = (): Flow => ({ direct: new Map(), indirect: new Set(), unknown: null });
const unknownFlow = (reason: string): Flow => ({ direct: new Map(), indirect: new Set(), unknown: reason });

function mergeInto(target: Flow, source: Flow): Flow {
  for (const [ref, mask] of source.direct) {
    const had = target.direct.get(ref);
    // Raw anywhere wins: `md5(email) || email` carries the email.
    target.direct.set(ref, had === undefined ? mask : had === null || mask === null ? null : had);
  }
  for (const ref of source.indirect) target.indirect.add(ref);
  target.unknown ??= source.unknown;
  return target;
}

const merged = (flows: Flow[]) => flows.reduce(mergeInto, emptyFlow());

function maskedFlow(flow: Flow, fn: string): Flow {
  return { direct: new Map([...flow.direct].map(([ref, mask]) => [ref, mask ?? fn])), indirect: new Set(flow.indirect), unknown: flow.unknown };
}

/** What decides rows but not values: every input of `flow` becomes indirect. */
function indirectFlow(flow: Flow): Flow {
  return { direct: new Map(), indirect: new Set([...flow.indirect, ...flow.direct.keys()]), unknown: null };
}

const copyFlow = (flow: Flow): Flow => mergeInto(emptyFlow(), flow);

type Column = { name: string | null; flow: Flow };
type Relation = { name: string; columns: Column[] | null; wildcard: Flow };
type Scope = { relations: Relation[]; using: Map<string, Flow>; aliases: Map<string, Flow>; lambdas: Set<string>; outer: Scope | null };
type Context = { schemas: ReadonlyMap<string, readonly string[]>; ctes: Map<string, Column[]>; outer: Scope | null };

const lower = (name: string) => name.toLowerCase();
const newScope = (outer: Scope | null, relations: Relation[] = [], using = new Map<string, Flow>()): Scope => ({ relations, using, aliases: new Map(), lambdas: new Set(), outer });

function renamed(columns: Column[], aliases: readonly string[] | undefined): Column[] {
  if (!aliases || aliases.length === 0) return columns;
  if (aliases.length > columns.length) throw new Unresolvable(`${aliases.length} column aliases for ${columns.length} columns`);
  return columns.map((c, i) => ({ name: aliases[i] ?? c.name, flow: c.flow }));
}

function lookup(scope: Scope, name: string): Flow | null {
  const n = lower(name);
  for (let s: Scope | null = scope; s !== null; s = s.outer) {
    if (s.lambdas.has(n)) return emptyFlow();
    const using = s.using.get(n);
    if (using) return copyFlow(using);
    const found = s.relations.flatMap((r) => (r.columns ?? []).filter((c) => c.name !== null && lower(c.name) === n));
    if (found.length > 0) return merged(found.map((c) => c.flow));
    // A table whose columns are not all known (or a subquery column without a name): the name may be
    // one of them, so it carries whatever they may carry.
    const open = s.relations.filter((r) => r.columns === null || r.columns.some((c) => c.name === null));
    if (open.length > 0) return merged(open.map((r) => (r.columns === null ? r.wildcard : merged(r.columns.filter((c) => c.name === null).map((c) => c.flow)))));
    const alias = s.aliases.get(n);
    if (alias) return copyFlow(alias);
  }
  return null;
}

function relationNamed(scope: Scope, name: string): Relation | null {
  const n = lower(name);
  for (let s: Scope | null = scope; s !== null; s = s.outer) {
    const found = s.relations.find((r) => lower(r.name) === n);
    if (found) return found;
  }
  return null;
}

function resolveColumn(names: string[], scope: Scope): Flow {
  const [first, second, third] = names;
  if (first === undefined) return unknownFlow('an empty column reference');
  if (second !== undefined) {
    // table.column[.field…], then schema.table.column, then column.field… (a struct field)
    const relation = relationNamed(scope, first);
    if (relation) {
      const column = relation.columns?.find((c) => c.name !== null && lower(c.name) === lower(second));
      if (column) return copyFlow(column.flow);
      if (relation.columns === null) return copyFlow(relation.wildcard);
      const nameless = relation.columns.filter((c) => c.name === null);
      if (nameless.length > 0) return merged(nameless.map((c) => c.flow));
      return unknownFlow(`column ${first}.${second} not found`);
    }
    if (third !== undefined) {
      const table = relationNamed(scope, second);
      const column = table?.columns?.find((c) => c.name !== null && lower(c.name) === lower(third));
      if (column) return copyFlow(column.flow);
    }
  }
  return lookup(scope, first) ?? unknownFlow(`column ${names.join('.')} not found`);
}

const ordersFlow = (orders: OrderByNode[] | undefined, scope: Scope, ctx: Context) => merged((orders ?? []).map((o) => indirectFlow(expression(o.expression, scope, ctx))));

function lambdaNames(lhs: ParsedExpression): string[] {
  if (lhs.class === 'COLUMN_REF') return lhs.column_names.slice(-1).map(lower);
  if (lhs.class === 'FUNCTION') return lhs.children.flatMap(lambdaNames);
  return [];
}

function expression(e: ParsedExpression, scope: Scope, ctx: Context): Flow {
  switch (e.class) {
    case 'COLUMN_REF':
      return resolveColumn(e.column_names, scope);
    case 'CONSTANT':
    case 'PARAMETER':
    case 'DEFAULT':
      return emptyFlow();
    case 'POSITIONAL_REFERENCE':
      return unknownFlow('a positional reference (#n)');
    case 'FUNCTION': {
      const name = lower(e.function_name);
      const args = merged(e.children.map((child) => expression(child, scope, ctx)));
      const value = MASKING_FUNCTIONS.has(name) ? maskedFlow(args, name) : COUNTING.has(name) ? indirectFlow(args) : args;
      if (e.filter) mergeInto(value, indirectFlow(expression(e.filter, scope, ctx)));
      return mergeInto(value, ordersFlow(e.order_bys?.orders, scope, ctx));
    }
    case 'WINDOW': {
      const name = lower(e.function_name);
      const args = merged([...(e.children ?? []), ...(e.default_expr ? [e.default_expr] : [])].map((child) => expression(child, scope, ctx)));
      const value = COUNTING.has(name) ? indirectFlow(args) : args;
      const deciding = [...(e.partitions ?? []), ...[e.start_expr, e.end_expr, e.offset_expr, e.filter_expr].filter((x): x is ParsedExpression => !!x)];
      for (const d of deciding) mergeInto(value, indirectFlow(expression(d, scope, ctx)));
      mergeInto(value, ordersFlow(e.orders, scope, ctx));
      return mergeInto(value, ordersFlow(e.arg_orders, scope, ctx));
    }
    case 'CASE': {
      const value = merged([...e.case_checks.map((c) => expression(c.then_expr, scope, ctx)), ...(e.else_expr ? [expression(e.else_expr, scope, ctx)] : [])]);
      for (const check of e.case_checks) mergeInto(value, indirectFlow(expression(check.when_expr, scope, ctx)));
      return value;
    }
    case 'CAST':
    case 'COLLATE':
      return expression(e.child, scope, ctx);
    case 'COMPARISON':
      return merged([expression(e.left, scope, ctx), expression(e.right, scope, ctx)]);
    case 'CONJUNCTION':
    case 'OPERATOR':
      return merged(e.children.map((child) => expression(child, scope, ctx)));
    case 'BETWEEN':
      return merged([e.input, e.lower, e.upper].map((child) => expression(child, scope, ctx)));
    case 'LAMBDA': {
      const inner = newScope(scope);
      for (const name of lambdaNames(e.lhs)) inner.lambdas.add(name);
      return expression(e.expr, inner, ctx);
    }
    case 'SUBQUERY': {
      const columns = query(e.subquery.node, { ...ctx, outer: scope });
      const all = merged(columns.map((c) => c.flow));
      const child = e.child ? expression(e.child, scope, ctx) : emptyFlow();
      const type = e.subquery_type;
      if (type === 'SCALAR' || type === 'ARRAY') return mergeInto(all, child);
      // EXISTS, NOT_EXISTS, ANY (IN): a yes or no about the subquery's rows.
      return mergeInto(child, indirectFlow(all));
    }
    case 'STAR':
      throw new Unresolvable('* or COLUMNS(…) inside an expression');
    default: {
      const never: never = e;
      throw new Unresolvable(`an expression of class ${(never as { class: string }).class}`);
    }
  }
}

function identity(table: string, columns: readonly string[]): Column[] {
  return columns.map((name) => ({ name, flow: { direct: new Map([[`${table}.${name}`, null]]), indirect: new Set(), unknown: null } }));
}

type From = { relations: Relation[]; using: Map<string, Flow>; indirect: Flow };

const KNOWN_TABLE_FUNCTION_COLUMNS: Record<string, string[]> = { range: ['range'], generate_series: ['generate_series'], unnest: ['unnest'] };

function from(ref: TableRef, ctx: Context, lateral: Scope | null): From {
  const none: From = { relations: [], using: new Map(), indirect: emptyFlow() };
  switch (ref.type) {
    case 'EMPTY':
      return none;
    case 'BASE_TABLE': {
      const table = lower(ref.table_name);
      const name = ref.alias || ref.table_name;
      const cte = ref.schema_name ? undefined : ctx.ctes.get(table);
      const known = ctx.schemas.get(table);
      const columns = cte ?? (known ? identity(table, known) : null);
      const relation: Relation = { name, columns: columns && renamed(columns, ref.column_name_alias), wildcard: unknownFlow(`table ${ref.table_name} is not known`) };
      return { ...none, relations: [relation] };
    }
    case 'SUBQUERY': {
      const columns = query(ref.subquery.node, { ...ctx, outer: lateral ?? ctx.outer });
      return { ...none, relations: [{ name: ref.alias, columns: renamed(columns, ref.column_name_alias), wildcard: unknownFlow('a subquery column') }] };
    }
    case 'TABLE_FUNCTION': {
      const fn = ref.function;
      const args = fn.class === 'FUNCTION' ? merged(fn.children.map((child) => expression(child, lateral ?? newScope(ctx.outer), ctx))) : unknownFlow('a table function');
      const known = fn.class === 'FUNCTION' ? KNOWN_TABLE_FUNCTION_COLUMNS[lower(fn.function_name)] : undefined;
      const names = ref.column_name_alias && ref.column_name_alias.length > 0 ? ref.column_name_alias : known;
      const name = ref.alias || (fn.class === 'FUNCTION' ? fn.function_name : 'function');
      // Unless its columns are named, any name may be one of the function's (its values come from its arguments).
      const columns = names ? names.map((n) => ({ name: n, flow: copyFlow(args) })) : null;
      return { ...none, relations: [{ name, columns, wildcard: args }] };
    }
    case 'EXPRESSION_LIST': {
      const width = ref.values[0]?.length ?? 0;
      const scope = lateral ?? newScope(ctx.outer);
      const columns = Array.from({ length: width }, (_, i) => ({
        name: ref.expected_names?.[i] ?? `col${i}`,
        flow: merged(ref.values.map((row) => (row[i] ? expression(row[i], scope, ctx) : emptyFlow()))),
      }));
      return { ...none, relations: [{ name: ref.alias || 'valueslist', columns, wildcard: unknownFlow('a VALUES column') }] };
    }
    case 'JOIN': {
      const left = from(ref.left, ctx, lateral);
      const leftScope = newScope(lateral ?? ctx.outer, left.relations, left.using);
      const right = from(ref.right, ctx, leftScope);
      const relations = [...left.relations, ...right.relations];
      const using = new Map([...left.using, ...right.using]);
      const indirect = merged([left.indirect, right.indirect]);
      const leftNames = new Set(left.relations.flatMap((r) => (r.columns ?? []).flatMap((c) => (c.name ? [lower(c.name)] : []))));
      const natural = ref.ref_type === 'NATURAL'
        ? [...new Set(right.relations.flatMap((r) => (r.columns ?? []).flatMap((c) => (c.name && leftNames.has(lower(c.name)) ? [lower(c.name)] : []))))]
        : [];
      if (ref.ref_type === 'NATURAL' && relations.some((r) => r.columns === null)) throw new Unresolvable('a NATURAL join over a table whose columns are not known');
      for (const key of [...(ref.using_columns ?? []), ...natural]) {
        const sides = [newScope(null, left.relations, left.using), newScope(null, right.relations, right.using)].map((s) => lookup(s, key) ?? unknownFlow(`join column ${key} not found`));
        const flow = merged(sides);
        using.set(lower(key), flow);
        mergeInto(indirect, indirectFlow(flow));
      }
      if (ref.condition) mergeInto(indirect, indirectFlow(expression(ref.condition, newScope(lateral ?? ctx.outer, relations, using), ctx)));
      return { relations, using, indirect };
    }
    default: {
      const never: never = ref;
      throw new Unresolvable(`a FROM item of type ${(never as { type: string }).type}`);
    }
  }
}

function starNames(list: (string | { column?: string })[] | undefined): string[] {
  return (list ?? []).flatMap((x) => (typeof x === 'string' ? [x] : x.column ? [x.column] : [])).map(lower);
}

function expandStar(star: Extract<ParsedExpression, { class: 'STAR' }>, scope: Scope, ctx: Context): Column[] {
  let pattern: RegExp | null = null;
  if (star.expr) {
    const value = star.expr.class === 'CONSTANT' ? star.expr.value.value : undefined;
    if (typeof value !== 'string') throw new Unresolvable('COLUMNS(…) with an expression other than a regular expression');
    pattern = new RegExp(value);
  }
  const relations = star.relation_name ? [relationNamed(scope, star.relation_name)] : scope.relations;
  const excluded = new Set([...starNames(star.exclude_list), ...starNames(star.qualified_exclude_list)]);
  const replaced = new Map(star.replace_list.map((r) => [lower(r.key), r.value]));
  const renames = new Map((star.rename_list ?? []).flatMap((r) => (r.key.column ? [[lower(r.key.column), r.value] as const] : [])));
  const emitted = new Set<string>();
  const out: Column[] = [];
  for (const relation of relations) {
    if (!relation) throw new Unresolvable(`${star.relation_name}.* names no table in scope`);
    if (relation.columns === null) throw new Unresolvable(`* over ${relation.name}, whose columns are not known`);
    for (const column of relation.columns) {
      if (column.name === null) throw new Unresolvable(`* over ${relation.name}, which has a column without a name`);
      const n = lower(column.name);
      if (excluded.has(n) || (pattern && !pattern.test(column.name))) continue;
      // A USING column appears once, where its first table has it, carrying both sides.
      const using = star.relation_name ? undefined : scope.using.get(n);
      if (using && emitted.has(n)) continue;
      emitted.add(n);
      const replacement = replaced.get(n);
      const flow = replacement ? expression(replacement, scope, ctx) : copyFlow(using ?? column.flow);
      out.push({ name: renames.get(n) ?? column.name, flow });
    }
  }
  return out;
}

function containsAggregate(e: ParsedExpression): boolean {
  if (e.class === 'FUNCTION') return AGGREGATES.has(lower(e.function_name)) || e.children.some(containsAggregate);
  if (e.class === 'CAST' || e.class === 'COLLATE') return containsAggregate(e.child);
  if (e.class === 'OPERATOR' || e.class === 'CONJUNCTION') return e.children.some(containsAggregate);
  if (e.class === 'COMPARISON') return containsAggregate(e.left) || containsAggregate(e.right);
  if (e.class === 'CASE') return e.case_checks.some((c) => containsAggregate(c.when_expr) || containsAggregate(c.then_expr)) || (e.else_expr ? containsAggregate(e.else_expr) : false);
  return false;
}

function withCtes(map: CteMap | undefined, ctx: Context): Context {
  const entries = map?.map ?? [];
  if (entries.length === 0) return ctx;
  const inner: Context = { ...ctx, ctes: new Map(ctx.ctes) };
  for (const entry of entries) {
    inner.ctes.set(lower(entry.key), renamed(query(entry.value.query.node, inner), entry.value.aliases));
  }
  return inner;
}

function modifiersFlow(node: QueryNode, scope: Scope, ctx: Context): Flow {
  const flow = emptyFlow();
  for (const modifier of node.modifiers ?? []) {
    if (modifier.type === 'ORDER_MODIFIER') mergeInto(flow, ordersFlow(modifier.orders, scope, ctx));
    else if (modifier.type === 'DISTINCT_MODIFIER') for (const t of modifier.distinct_on_targets ?? []) mergeInto(flow, indirectFlow(expression(t, scope, ctx)));
    else for (const x of [modifier.limit, modifier.offset]) if (x) mergeInto(flow, indirectFlow(expression(x, scope, ctx)));
  }
  return flow;
}

function withIndirect(columns: Column[], indirect: Flow): Column[] {
  return columns.map((c) => ({ name: c.name, flow: mergeInto(copyFlow(c.flow), indirectFlow(indirect)) }));
}

function selectNode(node: Extract<QueryNode, { type: 'SELECT_NODE' }>, ctx: Context): Column[] {
  const source = from(node.from_table, ctx, null);
  const scope = newScope(ctx.outer, source.relations, source.using);
  const columns: Column[] = [];
  for (const item of node.select_list) {
    if (item.class === 'STAR') {
      columns.push(...expandStar(item, scope, ctx));
      continue;
    }
    const flow = expression(item, scope, ctx);
    const name = item.alias || (item.class === 'COLUMN_REF' ? (item.column_names.at(-1) ?? null) : null);
    if (item.alias) scope.aliases.set(lower(item.alias), flow);
    columns.push({ name, flow });
  }
  const deciding = merged([source.indirect, modifiersFlow(node, scope, ctx)]);
  for (const clause of [node.where_clause, node.having, node.qualify]) if (clause) mergeInto(deciding, indirectFlow(expression(clause, scope, ctx)));
  for (const group of node.group_expressions ?? []) {
    const position = group.class === 'CONSTANT' && typeof group.value.value === 'number' ? columns[group.value.value - 1] : undefined;
    mergeInto(deciding, indirectFlow(position ? position.flow : expression(group, scope, ctx)));
  }
  if (node.aggregate_handling === 'FORCE_AGGREGATES') {
    node.select_list.forEach((item, i) => {
      const column = columns[i];
      if (item.class !== 'STAR' && column && !containsAggregate(item)) mergeInto(deciding, indirectFlow(column.flow));
    });
  }
  return withIndirect(columns, deciding);
}

function setOperation(node: Extract<QueryNode, { type: 'SET_OPERATION_NODE' }>, ctx: Context): Column[] {
  const branches = node.children && node.children.length > 0 ? node.children : [node.left, node.right].filter((b): b is QueryNode => !!b);
  const results = branches.map((b) => query(b, ctx));
  const [first, ...rest] = results;
  if (!first) throw new Unresolvable('a set operation without branches');
  let columns: Column[];
  if (node.setop_type === 'UNION_BY_NAME') {
    const byName = new Map<string, Column>();
    for (const column of results.flat()) {
      if (column.name === null) throw new Unresolvable('UNION BY NAME over a column without a name');
      const had = byName.get(lower(column.name));
      if (had) mergeInto(had.flow, column.flow);
      else byName.set(lower(column.name), { name: column.name, flow: copyFlow(column.flow) });
    }
    columns = [...byName.values()];
  } else {
    for (const other of rest) if (other.length !== first.length) throw new Unresolvable(`a set operation over ${first.length} and ${other.length} columns`);
    if (node.setop_type === 'UNION') {
      columns = first.map((c, i) => ({ name: c.name, flow: merged(results.map((r) => r[i]!.flow)) }));
    } else {
      // EXCEPT, INTERSECT: the values are the first branch's; the others only decide which rows stay.
      const deciding = merged(rest.flat().map((c) => indirectFlow(c.flow)));
      columns = withIndirect(first, deciding);
    }
  }
  const scope = newScope(ctx.outer, [{ name: '', columns, wildcard: unknownFlow('a set operation column') }]);
  return withIndirect(columns, modifiersFlow(node, scope, ctx));
}

function recursiveCte(node: Extract<QueryNode, { type: 'RECURSIVE_CTE_NODE' }>, ctx: Context): Column[] {
  let columns = renamed(query(node.left, ctx), node.aliases);
  // The recursive branch reads the CTE itself: repeat until its flows stop growing.
  for (let round = 0; round < 10; round++) {
    const inner: Context = { ...ctx, ctes: new Map(ctx.ctes).set(lower(node.cte_name), columns) };
    const right = query(node.right, inner);
    if (right.length !== columns.length) throw new Unresolvable(`a recursive CTE over ${columns.length} and ${right.length} columns`);
    const next = columns.map((c, i) => ({ name: c.name, flow: mergeInto(copyFlow(c.flow), right[i]!.flow) }));
    const size = (cs: Column[]) => cs.reduce((n, c) => n + c.flow.direct.size + c.flow.indirect.size, 0);
    if (size(next) === size(columns)) return next;
    columns = next;
  }
  return columns;
}

function query(node: QueryNode, outerCtx: Context): Column[] {
  const ctx = withCtes(node.cte_map, outerCtx);
  switch (node.type) {
    case 'SELECT_NODE':
      return selectNode(node, ctx);
    case 'SET_OPERATION_NODE':
      return setOperation(node, ctx);
    case 'RECURSIVE_CTE_NODE':
      return recursiveCte(node, ctx);
    case 'CTE_NODE': {
      const inner: Context = { ...ctx, ctes: new Map(ctx.ctes).set(lower(node.cte_name), renamed(query(node.query, ctx), node.aliases)) };
      return query(node.child, inner);
    }
    default: {
      const never: never = node;
      throw new Unresolvable(`a query node of type ${(never as { type: string }).type}`);
    }
  }
}

/** The output columns of a model's SELECT (`name` null where DuckDB derives it from the expression
 * text), resolved against `schemas` (lower-case table name → its column names). */
export function resolveQuery(node: QueryNode, schemas: ReadonlyMap<string, readonly string[]>): OutputColumn[] {
  return query(node, { schemas, ctes: new Map(), outer: null });
}
