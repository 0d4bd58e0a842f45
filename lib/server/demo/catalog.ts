import type { DatasetContract, GeneratorHint } from '@/lib/contracts/schema';

type Col = DatasetContract['columns'][number];
const col = (name: string, type: string, description: string, extra: Partial<Col> = {}): Col => ({
  name,
  type,
  nullable: false,
  description,
  sensitivity: 'internal',
  masking: 'none',
  ...extra,
});

const gen = (generator: GeneratorHint): Partial<Col> => ({ generator });
const weighted = (weights: Record<string, number>) => Object.entries(weights).map(([value, weight]) => ({ value, weight }));
const TWO_YEARS = { from: '2024-01-01', to: '2025-12-31' } as const;

/** A small retail catalog: customers (with PII) → orders → order_items ← products. The generator hints
 * make its synthetic sandbox look like a shop: skewed prices and quantities, seasonal orders, mostly
 * delivered, a few loyal customers with many orders. */
export const DEMO_DATASETS: { name: string; contract: DatasetContract }[] = [
  {
    name: 'customers',
    contract: {
      description: 'One row per registered customer.',
      retentionDays: 2555,
      freshnessSlaHours: 24,
      columns: [
        col('customer_id', 'BIGINT', 'Surrogate key of the customer; pseudonymised in samples (joinable with orders.customer_id).', { masking: 'hash', ...gen({ kind: 'sequence' }) }),
        col('email', 'VARCHAR', 'Login e-mail address.', { sensitivity: 'pii', masking: 'hash', ...gen({ kind: 'email' }) }),
        col('full_name', 'VARCHAR', 'Name as entered at sign-up.', { sensitivity: 'pii', masking: 'redact', ...gen({ kind: 'person_name' }) }),
        col('country', 'VARCHAR', 'ISO 3166-1 alpha-2 country of the billing address.', {
          sensitivity: 'public',
          ...gen({ kind: 'category', values: weighted({ DE: 22, FR: 15, GB: 14, US: 18, NL: 7, ES: 7, IT: 6, SE: 4, PL: 4, IE: 3 }) }),
        }),
        col('segment', 'VARCHAR', 'Marketing segment: consumer, small_business or enterprise.', gen({ kind: 'category', values: weighted({ consumer: 80, small_business: 16, enterprise: 4 }) })),
        col('signed_up_at', 'TIMESTAMP', 'When the account was created (UTC).', gen({ kind: 'timestamp', from: '2022-01-01', to: '2025-12-31', seasonality: false })),
      ],
      synthetic: { defaultRows: 10_000 },
    },
  },
  {
    name: 'orders',
    contract: {
      description: 'One row per placed order.',
      retentionDays: 3650,
      freshnessSlaHours: 1,
      columns: [
        col('order_id', 'BIGINT', 'Surrogate key of the order.', gen({ kind: 'sequence' })),
        col('customer_id', 'BIGINT', 'The customer who placed the order (customers.customer_id); pseudonymised in samples.', {
          masking: 'hash',
          ...gen({ kind: 'reference', dataset: 'customers', column: 'customer_id', skew: 1 }),
        }),
        col('ordered_at', 'TIMESTAMP', 'When the order was placed (UTC).', gen({ kind: 'timestamp', ...TWO_YEARS, seasonality: true })),
        col('status', 'VARCHAR', 'placed, shipped, delivered, returned or cancelled.', gen({ kind: 'category', values: weighted({ delivered: 82, shipped: 6, placed: 3, returned: 6, cancelled: 3 }) })),
        col('currency', 'VARCHAR', 'ISO 4217 currency of all amounts on the order.', gen({ kind: 'category', values: weighted({ EUR: 65, USD: 22, GBP: 13 }) })),
      ],
      // 100,000 by default; the sandbox spec can raise it to 1,000,000 (order_items then reaches up to 5,000,000).
      synthetic: { defaultRows: 100_000 },
    },
  },
  {
    name: 'order_items',
    contract: {
      description: 'One row per line of an order.',
      retentionDays: 3650,
      freshnessSlaHours: 1,
      columns: [
        col('order_id', 'BIGINT', 'The order this line belongs to (orders.order_id).', gen({ kind: 'reference', dataset: 'orders', column: 'order_id' })),
        col('line_no', 'INTEGER', 'Position of the line within the order, from 1.', gen({ kind: 'child_index' })),
        col('product_id', 'BIGINT', 'The product sold (products.product_id).', gen({ kind: 'reference', dataset: 'products', column: 'product_id', skew: 1 })),
        col('quantity', 'INTEGER', 'Units sold.', gen({ kind: 'integer', min: 1, max: 12, skew: 3 })),
        col('unit_price', 'DECIMAL(12,2)', 'Price per unit in the order currency.', gen({ kind: 'money', median: 24, sigma: 0.9, min: 0.5, max: 5000 })),
        col('discount', 'DECIMAL(12,2)', 'Discount on the line, if any.', { nullable: true, ...gen({ kind: 'money', median: 4, sigma: 0.7, min: 0.1, max: 500, nullRate: 0.7 }) }),
      ],
      synthetic: { perParent: { dataset: 'orders', min: 1, max: 5 } },
    },
  },
  {
    name: 'products',
    contract: {
      description: 'The product catalogue.',
      retentionDays: null,
      freshnessSlaHours: 24,
      columns: [
        col('product_id', 'BIGINT', 'Surrogate key of the product.', gen({ kind: 'sequence' })),
        col('name', 'VARCHAR', 'Display name.', { sensitivity: 'public', ...gen({ kind: 'product_name' }) }),
        col('category', 'VARCHAR', 'Top-level category.', {
          sensitivity: 'public',
          ...gen({ kind: 'category', values: weighted({ electronics: 22, home: 20, fashion: 24, sports: 12, books: 14, toys: 8 }) }),
        }),
        col('list_price', 'DECIMAL(12,2)', 'Current list price in EUR.', { sensitivity: 'public', ...gen({ kind: 'money', median: 29, sigma: 0.8, min: 1, max: 5000 }) }),
      ],
      synthetic: { defaultRows: 500 },
    },
  },
];
