import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import type { Engine } from '@/lib/engine/types';
import { createWasmNodeEngine } from '@/lib/engine/wasm-node';
import { recordExperiment } from '@/lib/artifact/record';
import { replayArtifact } from '@/lib/artifact/replay';
import type { Artifact } from '@/lib/artifact/schema';
import { NotebookRunner } from '@/lib/notebook/runner';
import type { Cell } from '@/lib/notebook/schema';
import { runChecks } from '@/lib/quality/checks';
import { buildSandbox } from '@/lib/samples/sandbox';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import type { Warehouse } from '@/lib/warehouse/types';
import { editContract, getDatasetOrThrow } from '@/lib/server/catalog/datasets';
import { DEMO_DATASETS } from '@/lib/server/demo/catalog';
import { seedDemoWorkspace } from '@/lib/server/demo/seed';
import { auditEvents, users } from '@/lib/server/db/schema';
import { runNextJob, type Handlers } from '@/lib/server/jobs/worker';
import { appSourceKey } from '@/lib/server/sources/connections';
import { currentSnapshot, LOAD_JOB, loadJobHandler } from '@/lib/server/sources/loads';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { setPiiException } from './exceptions';
import { requestSample, SAMPLE_JOB, sampleJobHandler, samplesRoot, sampleStatus, storedSamples, takeSampleTable } from './samples';

// A 10% sample of the file-backed demo production data: referentially intact, masked by the
// contracts, the same sample for the same request, loaded alike by DuckDB-WASM and the native engine.

const datasets = DEMO_DATASETS.map((d) => ({ name: d.name, contract: d.contract }));

describe.each(TEST_DATABASES)('samples of production on %s', (kind) => {
  let app: TestApp;
  let warehouse: Warehouse;
  let handlers: Handlers;
  let analyst: string;
  const drain = async () => {
    while (await runNextJob(app.db, handlers, 'test-worker'));
  };

  beforeAll(async () => {
    process.env.ASSAY_DEMO_SOURCES = 'on';
    app = await openTestApp(kind);
    warehouse = await openDuckdbWarehouse({ path: ':memory:', threads: 2 });
    handlers = {
      [LOAD_JOB]: loadJobHandler(app.db, async () => warehouse, appSourceKey(app)) as Handlers[string],
      [SAMPLE_JOB]: sampleJobHandler(app.db, async () => warehouse, app.config.secret!) as Handlers[string],
    };
    await seedDemoWorkspace(app);
    await drain();
    analyst = (await app.db.select({ id: users.id }).from(users).where(eq(users.email, 'analyst@assay.local')))[0]!.id;
  }, 180_000);
  afterAll(async () => {
    process.env.ASSAY_DEMO_SOURCES = 'off';
    await warehouse?.close();
    await app?.close();
  });

  let sampleId = '';
  it('draws a sample as a job, once: the same request names the same sample', async () => {
    const first = await requestSample(app.db, { request: { rate: 0.1, seed: 7 }, userId: analyst });
    expect(first.status).toBe('drawing');
    expect(await sampleStatus(app.db, first.sampleId)).toEqual({ status: 'drawing' });
    expect(await requestSample(app.db, { request: { rate: 0.1, seed: 7 }, userId: analyst })).toEqual(first);
    await drain();
    const status = await sampleStatus(app.db, first.sampleId);
    if (status.status !== 'ready') throw new Error(`not drawn: ${JSON.stringify(status)}`);
    expect(status.manifest.tables.map((t) => t.name)).toEqual(['customers', 'orders', 'products', 'order_items']);
    const rows = Object.fromEntries(status.manifest.tables.map((t) => [t.name, t.rows]));
    expect(rows.customers).toBeGreaterThan(800);
    expect(rows.customers).toBeLessThan(1_200);
    expect(rows.orders).toBeGreaterThan(5_000);
    expect(rows.orders).toBeLessThan(100_000 * 0.2);
    expect(await requestSample(app.db, { request: { rate: 0.1, seed: 7 }, userId: analyst })).toEqual({ sampleId: first.sampleId, status: 'ready' });
    expect((await requestSample(app.db, { request: { rate: 0.1, seed: 8 }, userId: analyst })).sampleId).not.toBe(first.sampleId);
    sampleId = first.sampleId;
  });

  it('loads into DuckDB-WASM and the native engine with the fingerprints drawn, every foreign key resolving, PII masked', async () => {
    const spec = { kind: 'sample' as const, sampleId, seed: 7, rate: 0.1 };
    const status = await sampleStatus(app.db, sampleId);
    if (status.status !== 'ready') throw new Error('not drawn');
    const engines: Engine[] = [await createWasmNodeEngine(), await createNativeEngine()];
    try {
      for (const engine of engines) {
        const { tables } = await buildSandbox(engine, datasets, spec, { samples: storedSamples(app.db) });
        expect(tables.map((t) => t.hash)).toEqual(status.manifest.tables.map((t) => t.fingerprint));
        const dangling = await engine.query(
          `SELECT (SELECT count(*) FROM orders WHERE customer_id NOT IN (SELECT customer_id FROM customers)),
                  (SELECT count(*) FROM order_items WHERE order_id NOT IN (SELECT order_id FROM orders)),
                  (SELECT count(*) FROM order_items WHERE product_id NOT IN (SELECT product_id FROM products))`,
          { exactTypes: false },
        );
        expect(dangling.rows[0]!.map(Number)).toEqual([0, 0, 0]);
        const people = await engine.query(`SELECT count(*) FILTER (WHERE email LIKE '%@%'), count(*) FILTER (WHERE full_name = '[redacted]'), count(*) FROM customers`, { exactTypes: false });
        const [emails, redacted, total] = people.rows[0]!.map(Number);
        expect(emails).toBe(total);
        expect(redacted).toBe(total);
      }
    } finally {
      for (const engine of engines) await engine.close();
    }
  });

  it('never lets a raw email or name out: not in a sample file, not in the audit log', async () => {
    const snapshot = (await currentSnapshot(app.db, 'customers'))!;
    const raw = await warehouse.query(`SELECT email, full_name FROM raw."${snapshot.physicalTable}" LIMIT 50`);
    expect(raw.rows).toHaveLength(50);
    const file = gunzipSync(readFileSync(join(samplesRoot(), sampleId, 'customers.arrow.gz'))).toString('latin1');
    const audit = JSON.stringify(await app.db.select().from(auditEvents));
    for (const [email, name] of raw.rows) {
      expect(file).not.toContain(String(email));
      expect(file).not.toContain(String(name));
      expect(audit).not.toContain(String(email));
    }
  });

  it('audits the taking of each table; refuses what does not exist', async () => {
    const { bytes } = await takeSampleTable(app.db, { sampleId, table: 'orders', userId: analyst });
    expect(bytes).toBeGreaterThan(0);
    const taken = await app.db.select().from(auditEvents).where(eq(auditEvents.action, 'sample.taken'));
    expect(taken.at(-1)).toMatchObject({ objectId: sampleId, actorId: analyst, details: { table: 'orders' } });
    await expect(takeSampleTable(app.db, { sampleId, table: 'nope', userId: analyst })).rejects.toThrow(`sample ${sampleId} has no table nope`);
    await expect(sampleStatus(app.db, 'sm_0000000000000000')).rejects.toThrow('sample sm_0000000000000000 does not exist');
    await expect(requestSample(app.db, { request: { rate: 0.1, seed: 1, datasets: ['nope'] }, userId: analyst })).rejects.toThrow('dataset nope is not a source dataset of the catalog');
  });

  it('samples a child with its parents, and refuses a sample bigger than a browser is given before any job', async () => {
    const { sampleId: child } = await requestSample(app.db, { request: { rate: 0.01, seed: 3, datasets: ['orders'] }, userId: analyst });
    await drain();
    const status = await sampleStatus(app.db, child);
    expect(status.status === 'ready' && status.manifest.tables.map((t) => t.name)).toEqual(['customers', 'orders']);
    process.env.ASSAY_SAMPLE_MAX_ROWS = '1000';
    try {
      await expect(requestSample(app.db, { request: { rate: 0.5, seed: 1 }, userId: analyst })).rejects.toThrow(/would hold about [\d,]+ rows, over the 1,000 a browser is given/);
    } finally {
      delete process.env.ASSAY_SAMPLE_MAX_ROWS;
    }
  });

  it('records an experiment over the sample in DuckDB-WASM that the server replays from the stored sample; a tampered id fails', async () => {
    const spec = { kind: 'sample' as const, sampleId, seed: 7, rate: 0.1 };
    const browser = await createWasmNodeEngine();
    const cells: Cell[] = [
      { id: 'c1', kind: 'sql', name: 'revenue_by_customer', source: 'SELECT c.customer_id, count(*) AS orders FROM customers c JOIN orders o USING (customer_id) GROUP BY ALL' },
    ];
    let artifact: Artifact;
    try {
      const { tables } = await buildSandbox(browser, datasets, spec, { samples: storedSamples(app.db) });
      await new NotebookRunner(async () => browser, runChecks).run(cells, new Set(tables.map((t) => t.name)), { targets: 'all', downstream: false });
      artifact = await recordExperiment(browser, {
        notebook: { id: 'nb_0000000000000001', revision: 1, cells },
        sandbox: { spec, datasets },
        engine: { bundle: 'wasm-eh', packageVersion: '@duckdb/duckdb-wasm@1.32.0' },
        author: { id: analyst, name: 'Ada' },
        parent: null,
        annotations: { title: 'on a sample', hypothesis: '', notes: '', tags: [] },
      });
    } finally {
      await browser.close();
    }
    expect(artifact.content.sandbox.spec).toEqual(spec);
    const replay = async (a: Artifact) => {
      const engine = await createNativeEngine();
      try {
        return await replayArtifact(engine, a, { samples: storedSamples(app.db) });
      } finally {
        await engine.close();
      }
    };
    expect(await replay(artifact)).toMatchObject({ status: 'match', error: null });
    const tampered = { ...artifact, content: { ...artifact.content, sandbox: { ...artifact.content.sandbox, spec: { ...spec, sampleId: 'sm_00000000000000ff' } } } };
    expect(await replay(tampered)).toMatchObject({ status: 'error', error: expect.stringContaining('sample sm_00000000000000ff does not exist') });
    const engine = await createNativeEngine();
    try {
      expect(await replayArtifact(engine, artifact)).toMatchObject({ status: 'error', error: expect.stringContaining('only the Assay server holds') });
    } finally {
      await engine.close();
    }
  });

  it('refuses a table file that does not hash to what was drawn', async () => {
    const path = join(samplesRoot(), sampleId, 'products.arrow.gz');
    const original = readFileSync(path);
    writeFileSync(path, readFileSync(join(samplesRoot(), sampleId, 'customers.arrow.gz')));
    const engine = await createNativeEngine();
    try {
      await expect(buildSandbox(engine, datasets, { kind: 'sample', sampleId, seed: 7, rate: 0.1 }, { samples: storedSamples(app.db) })).rejects.toThrow(/products/);
    } finally {
      writeFileSync(path, original);
      await engine.close();
    }
  });

  it('follows a steward’s change of a masking rule in the next sample', async () => {
    const steward = (await app.db.select({ id: users.id }).from(users).where(eq(users.email, 'steward@assay.local')))[0]!.id;
    const customers = await getDatasetOrThrow(app.db, 'customers');
    const columns = customers.contract.columns.map(({ name, description, sensitivity, masking }) => ({ name, description, sensitivity, masking: name === 'full_name' ? ('partial' as const) : masking }));
    await editContract(app.db, { datasetId: 'customers', actorId: steward, edit: { baseVersion: customers.version, description: customers.contract.description, retentionDays: customers.contract.retentionDays, freshnessSlaHours: customers.contract.freshnessSlaHours, columns } });
    const next = await requestSample(app.db, { request: { rate: 0.1, seed: 7 }, userId: analyst });
    expect(next).toMatchObject({ status: 'drawing' });
    expect(next.sampleId).not.toBe(sampleId);
    await drain();
    const engine = await createNativeEngine();
    try {
      await buildSandbox(engine, datasets, { kind: 'sample', sampleId: next.sampleId, seed: 7, rate: 0.1 }, { samples: storedSamples(app.db) });
      const names = await engine.query(`SELECT count(*) FILTER (WHERE full_name LIKE '__%*%__'), count(*) FILTER (WHERE full_name = '[redacted]'), count(*) FROM customers`, { exactTypes: false });
      const [partial, redacted, total] = names.rows[0]!.map(Number);
      expect([partial, redacted]).toEqual([total, 0]);
    } finally {
      await engine.close();
    }
  });

  it('carries a pii column unmasked only under a steward’s exception, audited, and masks it again once revoked', async () => {
    const steward = (await app.db.select({ id: users.id }).from(users).where(eq(users.email, 'steward@assay.local')))[0]!.id;
    const masked = await requestSample(app.db, { request: { rate: 0.1, seed: 7 }, userId: analyst });
    expect(masked.status).toBe('ready');
    await expect(setPiiException(app.db, { datasetId: 'customers', column: 'country', grant: true, reason: 'x', actorId: steward })).rejects.toThrow('customers.country is public, not pii: its masking rule alone decides how it leaves');
    await expect(setPiiException(app.db, { datasetId: 'customers', column: 'email', grant: true, reason: ' ', actorId: steward })).rejects.toThrow('reason: say why');
    await setPiiException(app.db, { datasetId: 'customers', column: 'email', grant: true, reason: 'Support needs real addresses to debug bounces', actorId: steward });
    await expect(setPiiException(app.db, { datasetId: 'customers', column: 'email', grant: true, reason: 'again', actorId: steward })).rejects.toThrow('customers.email has an exception already');

    const raw = await requestSample(app.db, { request: { rate: 0.1, seed: 7 }, userId: analyst });
    expect(raw.sampleId).not.toBe(masked.sampleId);
    await drain();
    const status = await sampleStatus(app.db, raw.sampleId);
    expect(status.status === 'ready' && status.manifest.tables.find((t) => t.name === 'customers')?.unmasked).toEqual(['email']);
    const engine = await createNativeEngine();
    try {
      await buildSandbox(engine, datasets, { kind: 'sample', sampleId: raw.sampleId, seed: 7, rate: 0.1 }, { samples: storedSamples(app.db) });
      const emails = (await engine.query('SELECT email FROM customers ORDER BY email LIMIT 20', { exactTypes: false })).rows.map(([e]) => String(e));
      const snapshot = (await currentSnapshot(app.db, 'customers'))!;
      const known = await warehouse.query(`SELECT count(*) FROM raw."${snapshot.physicalTable}" WHERE email IN (${emails.map((e) => `'${e.replaceAll("'", "''")}'`).join(', ')})`);
      expect(Number(known.rows[0]![0])).toBe(emails.length);
      expect(Number((await engine.query(`SELECT count(*) FROM customers WHERE full_name <> '[redacted]' AND full_name NOT LIKE '%*%'`, { exactTypes: false })).rows[0]![0])).toBe(0);
    } finally {
      await engine.close();
    }
    const granted = await app.db.select().from(auditEvents).where(eq(auditEvents.action, 'sample.pii_exception_granted'));
    expect(granted).toMatchObject([{ actorId: steward, objectId: 'customers', details: { column: 'email', reason: 'Support needs real addresses to debug bounces' } }]);

    await setPiiException(app.db, { datasetId: 'customers', column: 'email', grant: false, reason: 'Debugging done', actorId: steward });
    expect(await requestSample(app.db, { request: { rate: 0.1, seed: 7 }, userId: analyst })).toEqual({ sampleId: masked.sampleId, status: 'ready' });
  });
});
