// npx vitest bench --run bench/up-to-date.bench.ts — issue 12's "up to date" goal (< 50 ms): the cost
// of triggering a run whose version already published over the current snapshots (requestRun: the
// pipeline row lock, the version's inputs, the current snapshots, the latest publish and its run key),
// on PGlite and, with DATABASE_URL, on PostgreSQL. A benchmark, not a test: nothing here asserts time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import { requestRun } from '@/lib/server/runs/requests';
import { TEST_DATABASES } from '@/lib/server/testing/databases';
import { openProductionFixture } from '@/lib/server/testing/production';

const BY_STATUS = 'select status, count(*) as orders, sum(amount) as amount from orders group by status order by status';

for (const kind of TEST_DATABASES) {
  const f = await openProductionFixture(kind, { warehouse: () => openDuckdbWarehouse({ path: ':memory:', threads: 2 }), publishedRoot: mkdtempSync(join(tmpdir(), 'assay-bench-published-')) });
  await f.promote([{ id: 'c1', kind: 'sql', name: 'orders_by_status', source: BY_STATUS }], ['orders_by_status'], { orders_by_status: ['status', 'orders', 'amount'] });
  await f.load();
  const check = await requestRun(f.app.db, { pipelineId: f.pipelineId(), trigger: 'api', userId: f.steward.id });
  if (check.kind !== 'up_to_date') throw new Error(`expected "up to date", got ${check.kind}`);
  describe(`"up to date" trigger on ${kind}`, () => {
    bench('requestRun', async () => {
      const outcome = await requestRun(f.app.db, { pipelineId: f.pipelineId(), trigger: 'api', userId: f.steward.id });
      if (outcome.kind !== 'up_to_date') throw new Error(outcome.kind);
    }, { iterations: 200, time: 2_000 });
  });
}
