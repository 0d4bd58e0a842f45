import { describe, expect, it } from 'vitest';
import { rewriteRelations } from './relations';

const models = new Set(['orders_clean', 'revenue']);
const rename = (name: string) => (models.has(name) ? `{{ ref('${name}') }}` : name === 'orders' ? `{{ source('raw', 'orders') }}` : null);

describe('rewriteRelations', () => {
  it.each([
    ['select * from orders_clean', "select * from {{ ref('orders_clean') }}"],
    ['select * from orders o join revenue r using (id)', "select * from {{ source('raw', 'orders') }} o join {{ ref('revenue') }} r using (id)"],
    ['select * from orders, revenue where orders.x = 1', "select * from {{ source('raw', 'orders') }}, {{ ref('revenue') }} where orders.x = 1"],
    ['select orders_clean, revenue from t', 'select orders_clean, revenue from t'],
    ["select 'from orders' -- from revenue\nfrom orders_clean", "select 'from orders' -- from revenue\nfrom {{ ref('orders_clean') }}"],
    ['with revenue as (select 1) select * from revenue', 'with revenue as (select 1) select * from revenue'],
    ['select * from (select * from orders) s, revenue', "select * from (select * from {{ source('raw', 'orders') }}) s, {{ ref('revenue') }}"],
    ['select * from range(10), orders_clean', "select * from range(10), {{ ref('orders_clean') }}"],
    ['select * from main.orders_clean', 'select * from main.orders_clean'],
    ['SELECT * FROM "Orders_Clean"', "SELECT * FROM {{ ref('orders_clean') }}"],
    ['select a, b from orders_clean where a in (select x from revenue)', "select a, b from {{ ref('orders_clean') }} where a in (select x from {{ ref('revenue') }})"],
  ])('%s', (sql, expected) => expect(rewriteRelations(sql, rename)).toBe(expected));
});
