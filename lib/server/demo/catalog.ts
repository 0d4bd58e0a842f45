import type { DatasetContract } from '@/lib/contracts/schema';

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

/** A small retail catalog: customers (with PII) → orders → order_items ← products. */
export const DEMO_DATASETS: { name: string; contract: DatasetContract }[] = [
  {
    name: 'customers',
    contract: {
      description: 'One row per registered customer.',
      retentionDays: 2555,
      freshnessSlaHours: 24,
      columns: [
        col('customer_id', 'BIGINT', 'Surrogate key of the customer.'),
        col('email', 'VARCHAR', 'Login e-mail address.', { sensitivity: 'pii', masking: 'hash' }),
        col('full_name', 'VARCHAR', 'Name as entered at sign-up.', { sensitivity: 'pii', masking: 'redact' }),
        col('country', 'VARCHAR', 'ISO 3166-1 alpha-2 country of the billing address.', { sensitivity: 'public' }),
        col('segment', 'VARCHAR', 'Marketing segment: consumer, small_business or enterprise.'),
        col('signed_up_at', 'TIMESTAMP', 'When the account was created (UTC).'),
      ],
    },
  },
  {
    name: 'orders',
    contract: {
      description: 'One row per placed order.',
      retentionDays: 3650,
      freshnessSlaHours: 1,
      columns: [
        col('order_id', 'BIGINT', 'Surrogate key of the order.'),
        col('customer_id', 'BIGINT', 'The customer who placed the order (customers.customer_id).'),
        col('ordered_at', 'TIMESTAMP', 'When the order was placed (UTC).'),
        col('status', 'VARCHAR', 'placed, shipped, delivered, returned or cancelled.'),
        col('currency', 'VARCHAR', 'ISO 4217 currency of all amounts on the order.'),
      ],
    },
  },
  {
    name: 'order_items',
    contract: {
      description: 'One row per line of an order.',
      retentionDays: 3650,
      freshnessSlaHours: 1,
      columns: [
        col('order_id', 'BIGINT', 'The order this line belongs to (orders.order_id).'),
        col('line_no', 'INTEGER', 'Position of the line within the order, from 1.'),
        col('product_id', 'BIGINT', 'The product sold (products.product_id).'),
        col('quantity', 'INTEGER', 'Units sold.'),
        col('unit_price', 'DECIMAL(12,2)', 'Price per unit in the order currency.'),
        col('discount', 'DECIMAL(12,2)', 'Discount on the line, if any.', { nullable: true }),
      ],
    },
  },
  {
    name: 'products',
    contract: {
      description: 'The product catalogue.',
      retentionDays: null,
      freshnessSlaHours: 24,
      columns: [
        col('product_id', 'BIGINT', 'Surrogate key of the product.'),
        col('name', 'VARCHAR', 'Display name.', { sensitivity: 'public' }),
        col('category', 'VARCHAR', 'Top-level category.', { sensitivity: 'public' }),
        col('list_price', 'DECIMAL(12,2)', 'Current list price in EUR.', { sensitivity: 'public' }),
      ],
    },
  },
];
