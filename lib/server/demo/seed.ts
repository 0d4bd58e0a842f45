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

/** Published in the README: demo mode only, never in production mode. */
export const DEMO_PASSWORD = 'assay-demo-password';
export const DEMO_USERS: { email: string; name: string; roles: Role[] }[] = [
  { email: 'analyst@assay.local', name: 'Ada Analyst', roles: ['analyst'] },
  { email: 'reviewer@assay.local', name: 'Rita Reviewer', roles: ['reviewer'] },
  { email: 'steward@assay.local', name: 'Sam Steward', roles: ['steward'] },
  { email: 'viewer@assay.local', name: 'Vic Viewer', roles: ['viewer'] },
  { email: 'admin@assay.local', name: 'Alex Admin', roles: ['admin'] },
];

export const DEMO_NOTEBOOK_CELLS = (): Cell[] => [
  {
    id: newCellId(),
    kind: 'markdown',
    source: '# Revenue by category\nEach SQL cell defines a model that later cells can read by name. Press **Shift+Enter** to run a cell.',
  },
  { id: newCellId(), kind: 'sql', name: 'answer', source: 'select 42 as answer' },
  {
    id: newCellId(),
    kind: 'sql',
    name: 'sample_orders',
    source: [
      'select',
      '  i as order_id,',
      "  ['books', 'garden', 'kitchen', 'toys'][1 + i % 4] as category,",
      '  round(5 + (i * 37 % 200) / 3.0, 2) as amount',
      'from range(1, 1001) t(i)',
    ].join('\n'),
  },
  {
    id: newCellId(),
    kind: 'sql',
    name: 'revenue_by_category',
    source: 'select category, count(*) as orders, sum(amount) as revenue\nfrom sample_orders\ngroup by category\norder by revenue desc',
  },
  {
    id: newCellId(),
    kind: 'markdown',
    source: '## On the sandbox data\nThe sources below (customers, orders, order_items, products) are generated in your browser from the catalog contracts; the seed is in the side panel.',
  },
  {
    id: newCellId(),
    kind: 'sql',
    name: 'revenue_by_product_category',
    source: [
      'select p.category, count(distinct i.order_id) as orders, sum(i.quantity * i.unit_price) as revenue',
      'from order_items i',
      'join products p using (product_id)',
      'group by p.category',
      'order by revenue desc',
    ].join('\n'),
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
  for (const dataset of DEMO_DATASETS) {
    await createDataset(app.db, { name: dataset.name, kind: 'source', ownerId: steward, actorId: steward, contract: dataset.contract });
  }
  await createNotebook(app.db, {
    ownerId: analyst,
    title: 'Revenue by category',
    cells: DEMO_NOTEBOOK_CELLS(),
    sandbox: defaultSandboxSpec(DEMO_DATASETS, 7),
  });
  return { created: true, ...result };
}
