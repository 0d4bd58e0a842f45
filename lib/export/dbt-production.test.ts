import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '@/lib/notebook/schema';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import { experiments, pipelines, pipelineVersions } from '@/lib/server/db/schema';
import { getRunOrThrow, servedProduction } from '@/lib/server/runs/read';
import { TEST_DATABASES } from '@/lib/server/testing/databases';
import { openProductionFixture, type ProductionFixture } from '@/lib/server/testing/production';
import { exportDbtProject } from './dbt';
import { modelSql } from './testing';

// The differential test of the dbt export against production: the exported models of the version
// production serves, run in the warehouse (ref()/source() substituted) over the very snapshots the
// production run read, give the fingerprints that run recorded — an export can never silently change
// what production computes.
const CELLS: Cell[] = [
  { id: 'c1', kind: 'sql', name: 'settled_orders', source: "select id, status, amount from orders where status <> 'new'" },
  { id: 'c2', kind: 'sql', name: 'settled_by_status', source: 'select status, count(*) as orders, sum(amount) as amount from settled_orders group by status order by status' },
  { id: 'k1', kind: 'check', model: 'settled_by_status', checks: [{ id: 'rc', kind: 'row_count', min: 1, max: 1000 }] },
];

describe.each(TEST_DATABASES)('the dbt export of the production version (metadata on %s)', (dbKind) => {
  let f: ProductionFixture;
  const published = mkdtempSync(join(tmpdir(), 'assay-dbt-published-'));

  beforeAll(async () => {
    f = await openProductionFixture(dbKind, { warehouse: () => openDuckdbWarehouse({ path: ':memory:', threads: 2 }), publishedRoot: published });
    await f.promote(CELLS, ['settled_by_status'], { settled_by_status: ['status', 'orders', 'amount'] });
    await f.load();
  });
  afterAll(async () => {
    await f?.close();
    rmSync(published, { recursive: true, force: true });
  });

  it('computes the production run’s fingerprints when its models run over the run’s own snapshots', async () => {
    const served = (await servedProduction(f.app.db, f.pipelineId()))!;
    const run = await getRunOrThrow(f.app.db, f.pipelineId(), served.runId);
    expect(run).toMatchObject({ id: served.runId, status: 'published' });
    const [pipeline] = await f.app.db.select().from(pipelines).where(eq(pipelines.id, f.pipelineId()));
    const [version] = await f.app.db
      .select({ artifactId: pipelineVersions.artifactId, docs: pipelineVersions.docs, content: experiments.content })
      .from(pipelineVersions)
      .innerJoin(experiments, eq(experiments.id, pipelineVersions.artifactId))
      .where(and(eq(pipelineVersions.pipelineId, f.pipelineId()), eq(pipelineVersions.version, served.version)));
    const exported = exportDbtProject({ pipelineName: 'settled', version: served.version, artifactId: version!.artifactId, content: version!.content, docs: version!.docs });
    if (!exported.ok) throw new Error(exported.error);
    expect(pipeline!.currentVersion).toBe(served.version);

    const engine = await f.warehouse.runEngine('run_dbt_differential', run.inputs.map((i) => ({ name: i.name, table: { layer: 'raw', name: i.physicalTable } })));
    try {
      for (const model of run.models ?? []) await engine.query(`CREATE TABLE ${model.name} AS (${modelSql(exported.project.files[`models/${model.name}.sql`]!)})`);
    } finally {
      await engine.close();
    }
    const recorded = (run.models ?? []).map((m) => ({ name: m.name, rows: m.rows, fingerprint: m.fingerprint }));
    expect(recorded.map((m) => m.name)).toEqual(['settled_orders', 'settled_by_status']);
    const exportedRun = await Promise.all(recorded.map(async (m) => ({ name: m.name, ...(await f.warehouse.fingerprint({ layer: 'run_dbt_differential', name: m.name })) })));
    expect(exportedRun).toEqual(recorded);
    // Production data, not the 40-order sandbox the artifact was recorded on.
    expect(recorded[0]!.rows).toBe(200);
  });
});
