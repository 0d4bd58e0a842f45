import 'server-only';
import type { Role } from '@/lib/auth/roles';
import { newCellId } from '@/lib/notebook/ids';
import type { Cell } from '@/lib/notebook/schema';
import type { App } from '@/lib/server/app';
import { createDataset } from '@/lib/server/catalog/datasets';
import { createNotebook } from '@/lib/server/notebooks/notebooks';
import { createUser, userCount } from '@/lib/server/users/users';
import { defaultSandboxSpec } from '@/lib/synth/spec';
import { DEMO_DATASETS } from './catalog';
import { demoSourcesEnabled, seedDemoSources } from './sources';

/** Published in the README: demo mode only, never in production mode. */
export const DEMO_PASSWORD = 'assay-demo-password';
export const DEMO_USERS: { email: string; name: string; roles: Role[] }[] = [
  { email: 'analyst@assay.local', name: 'Ada Analyst', roles: ['analyst'] },
  { email: 'reviewer@assay.local', name: 'Rita Reviewer', roles: ['reviewer'] },
  { email: 'steward@assay.local', name: 'Sam Steward', roles: ['steward'] },
  { email: 'viewer@assay.local', name: 'Vic Viewer', roles: ['viewer'] },
  { email: 'admin@assay.local', name: 'Alex Admin', roles: ['admin'] },
];

/** A small ELT pipeline over the sources the sandbox generates from the catalog: clean the orders,
 * join them to their lines and products, aggregate by category (the one output), with checks at each
 * step and a chart of the result. */
export const DEMO_NOTEBOOK_CELLS = (): Cell[] => [
  {
    id: newCellId(),
    kind: 'markdown',
    source: [
      '# Revenue by category',
      'A small ELT pipeline over the shop sources in the side panel (customers, orders, order_items, products), generated in your browser from the catalog contracts.',
      'Each SQL cell defines a model that later cells read by name; **Shift+Enter** runs a cell. **Clean** the orders, **join** them to their lines and products, **aggregate** by category.',
      'The last model, `revenue_by_product_category`, is the output you would submit for promotion; the others are intermediate.',
    ].join('\n\n'),
  },
  {
    id: newCellId(),
    kind: 'sql',
    name: 'clean_orders',
    source: [
      '-- Orders that count as revenue: delivered or shipped, in EUR (no exchange rates here).',
      'select order_id, customer_id, cast(ordered_at as date) as order_date, status',
      'from orders',
      "where status in ('delivered', 'shipped') and currency = 'EUR'",
    ].join('\n'),
  },
  {
    id: newCellId(),
    kind: 'check',
    model: 'clean_orders',
    checks: [
      { id: 'clean_orders_unique', kind: 'unique', columns: ['order_id'] },
      { id: 'clean_orders_status', kind: 'accepted_values', column: 'status', values: ['delivered', 'shipped'] },
    ],
  },
  {
    id: newCellId(),
    kind: 'sql',
    name: 'order_lines',
    source: [
      '-- One row per line of a clean order, with its product category and net amount.',
      'select o.order_id, o.order_date, p.category, i.quantity,',
      '  i.quantity * i.unit_price - coalesce(i.discount, 0) as net_amount',
      'from clean_orders o',
      'join order_items i on i.order_id = o.order_id',
      'join products p on p.product_id = i.product_id',
    ].join('\n'),
  },
  {
    id: newCellId(),
    kind: 'check',
    model: 'order_lines',
    checks: [
      { id: 'order_lines_category', kind: 'not_null', column: 'category' },
      { id: 'order_lines_order', kind: 'relationships', column: 'order_id', to: 'clean_orders', toColumn: 'order_id' },
    ],
  },
  {
    id: newCellId(),
    kind: 'sql',
    name: 'revenue_by_product_category',
    source: [
      'select category, count(distinct order_id) as orders, sum(quantity) as units, round(sum(net_amount), 2) as revenue',
      'from order_lines',
      'group by category',
      'order by revenue desc',
    ].join('\n'),
  },
  {
    id: newCellId(),
    kind: 'check',
    model: 'revenue_by_product_category',
    checks: [
      { id: 'revenue_category_unique', kind: 'unique', columns: ['category'] },
      { id: 'revenue_not_null', kind: 'not_null', column: 'revenue' },
    ],
  },
  {
    id: newCellId(),
    kind: 'chart',
    model: 'revenue_by_product_category',
    spec: { mark: 'bar', encoding: { x: { field: 'category', type: 'nominal', sort: '-y' }, y: { field: 'revenue', type: 'quantitative' } } },
  },
];

export type DemoSeedResult = { created: boolean; users: { email: string; roles: Role[] }[]; password: string };

/** Seeds an empty database once; a database that already has users is left as it is. */
export async function seedDemoWorkspace(app: App): Promise<DemoSeedResult> {
  const result = { users: DEMO_USERS.map(({ email, roles }) => ({ email, roles })), password: DEMO_PASSWORD };
  if ((await userCount(app.db)) > 0) return { created: false, ...result };
  const created = new Map<string, string>();
  for (const user of DEMO_USERS) {
    const { id } = await createUser(app.auth, app.db, { ...user, password: DEMO_PASSWORD });
    created.set(user.roles[0] ?? 'viewer', id);
  }
  const steward = created.get('steward')!;
  const analyst = created.get('analyst')!;
  if (demoSourcesEnabled()) await seedDemoSources(app, steward);
  else for (const dataset of DEMO_DATASETS) await createDataset(app.db, { name: dataset.name, kind: 'source', ownerId: steward, actorId: steward, contract: dataset.contract });
  await createNotebook(app.db, {
    ownerId: analyst,
    title: 'Revenue by category',
    cells: DEMO_NOTEBOOK_CELLS(),
    sandbox: defaultSandboxSpec(DEMO_DATASETS, 7),
  });
  return { created: true, ...result };
}
