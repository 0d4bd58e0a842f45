import { describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import { analyzeLineage } from './analyze';
import type { ColumnLineage, LineageSource } from './types';

const source = (name: string, columns: [string, string][]): LineageSource => ({
  name,
  columns: columns.map(([column, type]) => ({ name: column, type, sensitivity: column === 'email' ? 'pii' : 'internal', masking: column === 'email' ? 'hash' : 'none' })),
});

const SOURCES = [
  source('customers', [['customer_id', 'BIGINT'], ['email', 'VARCHAR'], ['full_name', 'VARCHAR'], ['country', 'VARCHAR'], ['tags', 'VARCHAR[]'], ['address', 'STRUCT(city VARCHAR, zip VARCHAR)']]),
  source('orders', [['order_id', 'BIGINT'], ['customer_id', 'BIGINT'], ['status', 'VARCHAR'], ['amount', 'DECIMAL(12,2)']]),
];

/** One line per column: `name = direct inputs | indirect inputs`, `!` marks unknown. */
function text(column: ColumnLineage): string {
  const direct = column.direct.map((d) => `${d.table}.${d.column}${d.maskedBy ? `(${d.maskedBy})` : ''}`).join(' ');
  const indirect = column.indirect.map((d) => `${d.table}.${d.column}`).join(' ');
  return [`${column.name} =`, direct, indirect && `| ${indirect}`, column.unknown && '!'].filter(Boolean).join(' ');
}

async function lineage(models: { name: string; sql: string }[]) {
  const engine = await createNativeEngine();
  try {
    return await analyzeLineage(engine, { sources: SOURCES, models });
  } finally {
    await engine.close();
  }
}

async function columns(sql: string): Promise<string[]> {
  const result = await lineage([{ name: 'm', sql }]);
  const model = result.models[0]!;
  return model.verified ? model.columns.map(text) : [`unverified: ${model.error}`, ...model.columns.map(text)];
}

describe('column lineage from DuckDB’s parser', () => {
  it.each<[string, string, string[]]>([
    ['plain columns and an alias', 'select customer_id, email as contact from customers', ['customer_id = customers.customer_id', 'contact = customers.email']],
    ['star expansion', 'select * from orders', ['order_id = orders.order_id', 'customer_id = orders.customer_id', 'status = orders.status', 'amount = orders.amount']],
    ['star with EXCLUDE, REPLACE and RENAME', 'select * exclude (tags, address) replace (upper(full_name) as full_name) rename (country as land) from customers', [
      'customer_id = customers.customer_id', 'email = customers.email', 'full_name = customers.full_name', 'land = customers.country',
    ]],
    ['COLUMNS with a regular expression', "select columns('.*_id') from orders", ['order_id = orders.order_id', 'customer_id = orders.customer_id']],
    ['an expression: direct inputs, name from the binder', 'select amount * 2, status || email from orders o join customers c using (customer_id)', [
      '(amount * 2) = orders.amount | customers.customer_id orders.customer_id',
      '(status || email) = customers.email orders.status | customers.customer_id orders.customer_id',
    ]],
    ['a filter is indirect', "select order_id from orders where status = 'paid'", ['order_id = orders.order_id | orders.status']],
    ['join with USING: the key once, carrying both sides', 'select * exclude (tags, address) from customers join orders using (customer_id)', [
      'customer_id = customers.customer_id orders.customer_id',
      'email = customers.email | customers.customer_id orders.customer_id',
      'full_name = customers.full_name | customers.customer_id orders.customer_id',
      'country = customers.country | customers.customer_id orders.customer_id',
      'order_id = orders.order_id | customers.customer_id orders.customer_id',
      'status = orders.status | customers.customer_id orders.customer_id',
      'amount = orders.amount | customers.customer_id orders.customer_id',
    ]],
    ['join ON with qualified names and table aliases', 'select c.email, o.amount from orders o left join customers c on c.customer_id = o.customer_id', [
      'email = customers.email | customers.customer_id orders.customer_id',
      'amount = orders.amount | customers.customer_id orders.customer_id',
    ]],
    ['group keys are indirect; count carries no values', 'select country, count(*) as n, count(email) as with_email, max(email) as last_email from customers group by country', [
      'country = customers.country',
      'n = | customers.country',
      'with_email = | customers.country customers.email',
      'last_email = customers.email | customers.country',
    ]],
    ['GROUP BY ALL', 'select status, sum(amount) as total from orders group by all', ['status = orders.status', 'total = orders.amount | orders.status']],
    ['a CTE and a subquery', 'with paid as (select customer_id, amount from orders where status = \'paid\') select x.cid, x.total from (select customer_id as cid, sum(amount) as total from paid group by 1) x', [
      'cid = orders.customer_id | orders.status',
      'total = orders.amount | orders.customer_id orders.status',
    ]],
    ['CTE column aliases', 'with c(id, mail) as (select customer_id, email from customers) select mail from c', ['mail = customers.email']],
    ['a correlated scalar subquery', 'select c.customer_id, (select sum(o.amount) from orders o where o.customer_id = c.customer_id) as spent from customers c', [
      'customer_id = customers.customer_id',
      'spent = orders.amount | customers.customer_id orders.customer_id',
    ]],
    ['EXISTS decides rows only', 'select email from customers c where exists (select 1 from orders o where o.customer_id = c.customer_id)', [
      'email = customers.email | customers.customer_id orders.customer_id',
    ]],
    ['UNION merges branches by position', "select email as v from customers union all select status from orders", ['v = customers.email orders.status']],
    ['UNION BY NAME', 'select customer_id, email from customers union by name select customer_id, status from orders', [
      'customer_id = customers.customer_id orders.customer_id', 'email = customers.email', 'status = orders.status',
    ]],
    ['EXCEPT keeps the first branch’s values', 'select customer_id from customers except select customer_id from orders', ['customer_id = customers.customer_id | orders.customer_id']],
    ['CASE conditions are indirect', "select case when status = 'paid' then amount else 0 end as paid from orders", ['paid = orders.amount | orders.status']],
    ['window partitions and orders are indirect', 'select row_number() over (partition by customer_id order by amount) as rn, sum(amount) over (partition by customer_id) as running from orders', [
      'rn = | orders.amount orders.customer_id',
      'running = orders.amount | orders.customer_id',
    ]],
    ['masking functions are recorded', 'select md5(email) as h, upper(sha256(full_name)) as id, md5(email) || email as leak from customers', [
      'h = customers.email(md5)', 'id = customers.full_name(sha256)', 'leak = customers.email',
    ]],
    ['struct fields and lambdas', 'select address.city, list_transform(tags, t -> upper(t)) as up from customers', ['city = customers.address', 'up = customers.tags']],
    ['a select-list alias used later', 'select amount * 2 as double_amount, double_amount + 1 as plus from orders', ['double_amount = orders.amount', 'plus = orders.amount']],
    ['a table function with named columns', 'select i, i * 2 as j from range(1, 10) t(i)', ['i =', 'j =']],
    ['VALUES', 'select * from (values (1, 2)) v(a, b)', ['a =', 'b =']],
    ['a CTE that shadows a source name', 'with customers as (select customer_id as id from orders) select * from customers', ['id = orders.customer_id']],
    ['a self join with aliases', 'select a.status, b.amount from orders a join orders b on a.order_id = b.customer_id', ['status = orders.status | orders.customer_id orders.order_id', 'amount = orders.amount | orders.customer_id orders.order_id']],
    ['a qualified star over a join', 'select o.*, c.country from orders o join customers c on c.customer_id = o.customer_id', [
      'order_id = orders.order_id | customers.customer_id orders.customer_id',
      'customer_id = orders.customer_id | customers.customer_id',
      'status = orders.status | customers.customer_id orders.customer_id',
      'amount = orders.amount | customers.customer_id orders.customer_id',
      'country = customers.country | customers.customer_id orders.customer_id',
    ]],
    ['NATURAL join', 'select * exclude (tags, address, email, full_name) from customers natural join orders', [
      'customer_id = customers.customer_id orders.customer_id', 'country = customers.country | customers.customer_id orders.customer_id',
      'order_id = orders.order_id | customers.customer_id orders.customer_id', 'status = orders.status | customers.customer_id orders.customer_id', 'amount = orders.amount | customers.customer_id orders.customer_id',
    ]],
    ['a recursive CTE reaches its fixpoint', 'with recursive r(n, who) as (select 1, email from customers union all select n + 1, who from r where n < 3) select who from r', ['who = customers.email']],
    ['a lateral unnest', 'select c.customer_id, u.tag from customers c, unnest(c.tags) u(tag)', ['customer_id = customers.customer_id', 'tag = customers.tags']],
    ['INTERSECT', 'select customer_id from orders intersect select customer_id from customers', ['customer_id = orders.customer_id | customers.customer_id']],
    ['a repeated name gets the binder’s suffix', 'select o.customer_id, c.customer_id from orders o join customers c on c.customer_id = o.customer_id', [
      'customer_id = orders.customer_id | customers.customer_id', 'customer_id_1 = customers.customer_id | orders.customer_id',
    ]],
    ['ORDER BY and LIMIT are indirect', 'select email from customers order by country limit 3', ['email = customers.email | customers.country']],
  ])('%s', async (_name, sql, expected) => {
    expect(await columns(sql)).toEqual(expected);
  });

  it('follows models through models, verified against the binder', async () => {
    const result = await lineage([
      { name: 'report', sql: 'select contact, count(*) as orders from enriched group by contact' },
      { name: 'enriched', sql: 'select o.*, c.email as contact from orders o join customers c using (customer_id);' },
    ]);
    expect(result.models.map((m) => m.model)).toEqual(['enriched', 'report']);
    expect(result.models.every((m) => m.verified)).toBe(true);
    expect(result.models[1]!.reads).toEqual(['enriched']);
    expect(result.models[1]!.columns.map(text)).toEqual(['contact = enriched.contact', 'orders = | enriched.contact']);
    expect(result.models[0]!.schema.map((c) => c.name)).toEqual(['order_id', 'customer_id', 'status', 'amount', 'contact']);
  });

  it('is honest where it cannot tell: a star over an unknown table function fails closed with the binder’s names', async () => {
    expect(await columns('select * from unnest([1, 2])')).toEqual(['unnest =']);
    const [first, ...rest] = await columns("select * from (pivot orders on status in ('paid', 'open') using sum(amount) group by customer_id)");
    expect(first).toMatch(/^unverified: /);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((c) => c.endsWith(' !'))).toBe(true);
  });

  it('marks a reference it cannot resolve unknown, and a model DuckDB refuses as unverified', async () => {
    const result = await lineage([{ name: 'bad', sql: 'select nope from orders' }, { name: 'two', sql: 'select 1; select 2' }]);
    expect(result.models.map((m) => [m.model, m.verified, m.error !== null])).toEqual([['bad', false, true], ['two', false, true]]);
    expect(result.models[0]!.error).toMatch(/binder refused the model.*nope/s);
  });
});
