import 'server-only';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import canonicalize from 'canonicalize';
import { and, desc, eq } from 'drizzle-orm';
import { SampleManifest, sampleRowLimit, type SampleRequest, type SampleTable } from '@/lib/samples/manifest';
import { drawSampleTables } from '@/lib/samples/draw';
import type { SampleInput } from '@/lib/samples/plan';
import type { SampleSource } from '@/lib/samples/sandbox';
import { sqlName, type TableName, type Warehouse } from '@/lib/warehouse/types';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import { listDatasets, type DatasetView } from '@/lib/server/catalog/datasets';
import type { Db, Tx } from '@/lib/server/db/client';
import { datasetSources, jobs, samples, snapshots } from '@/lib/server/db/schema';
import { enqueueJob, pendingJob } from '@/lib/server/jobs/queue';
import type { JobHandler } from '@/lib/server/jobs/worker';
import { currentSnapshot } from '@/lib/server/sources/loads';
import { currentPiiExceptions, exceptionsStillHeld } from './exceptions';
import { warehousePath } from '@/lib/server/sources/warehouse';

export const SAMPLE_JOB = 'sample.draw';

const inflate = promisify(gunzip);

/** `unmasked`: the pii columns a steward's exception lets out as they are, when the sample was asked for. */
type Drawn = { datasetId: string; name: string; snapshotId: number; contractVersion: number; unmasked?: string[] };
type SamplePayload = { sampleId: string; seed: number; rate: number; datasets: Drawn[]; requestedBy: string };
type SampleOutcome = { tables: SampleTable[] };

/** Where sample files live: next to the warehouse in the data directory, a directory per sample. */
export const samplesRoot = (env: Record<string, string | undefined> = process.env) => join(dirname(warehousePath(env)), 'samples');
const tableFile = (sampleId: string, table: string) => join(samplesRoot(), sampleId, `${table}.arrow.gz`);

/** Every dataset asked for (all with production data when none is named), with the datasets they
 * reference added so that no foreign key of the sample points outside it. */
async function datasetsToSample(db: Db, names: readonly string[] | undefined): Promise<{ dataset: DatasetView; snapshotId: number; rows: number; physicalTable: string }[]> {
  const all = (await listDatasets(db)).filter((d) => d.kind === 'source');
  const byName = new Map(all.map((d) => [d.name, d]));
  const wanted = new Set<string>();
  const add = (name: string) => {
    if (wanted.has(name)) return;
    const dataset = byName.get(name);
    if (!dataset) throw new AppError('not_found', `dataset ${name} is not a source dataset of the catalog`, { dataset: name });
    wanted.add(name);
    for (const column of dataset.contract.columns) if (column.generator?.kind === 'reference') add(column.generator.dataset);
  };
  const snapshotOf = new Map<string, Awaited<ReturnType<typeof currentSnapshot>>>();
  for (const dataset of all) snapshotOf.set(dataset.name, await currentSnapshot(db, dataset.id));
  if (names) for (const name of names) add(name);
  else for (const dataset of all) if (snapshotOf.get(dataset.name)) add(dataset.name);
  if (wanted.size === 0) throw new AppError('conflict', 'no dataset has production data yet: load one from the catalog first');
  return [...wanted].sort().map((name) => {
    const snapshot = snapshotOf.get(name);
    if (!snapshot) throw new AppError('conflict', `dataset ${name} has no snapshot yet: load it from its catalog page first`, { dataset: name });
    return { dataset: byName.get(name)!, snapshotId: snapshot.id, rows: snapshot.rowCount, physicalTable: snapshot.physicalTable };
  });
}

/** The id names what a sample is drawn from, so asking again for the same thing finds it. */
function sampleIdOf(seed: number, rate: number, drawn: readonly Drawn[]): string {
  // An exception is part of what a sample is; without any, the key is what it was before exceptions.
  const key = canonicalize({ v: 1, seed, rate, tables: drawn.map((d) => [d.datasetId, d.snapshotId, d.contractVersion, ...(d.unmasked?.length ? [d.unmasked] : [])]) })!;
  return `sm_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/**
 * Asks for a sample: refused with its estimated size when it would be bigger than a browser holds,
 * found when the same sample (same snapshots, contract versions, seed and rate) was drawn before,
 * joined when it is being drawn, queued as a job otherwise.
 */
export async function requestSample(db: Db, input: { request: SampleRequest; userId: string }): Promise<{ sampleId: string; status: 'ready' | 'drawing' }> {
  const { seed, rate } = input.request;
  const chosen = await datasetsToSample(db, input.request.datasets);
  const estimate = Math.round(chosen.reduce((sum, c) => sum + c.rows, 0) * rate);
  const limit = sampleRowLimit();
  if (estimate > limit) {
    throw new AppError('payload_too_large', `a sample at ${rate * 100}% would hold about ${estimate.toLocaleString('en-US')} rows, over the ${limit.toLocaleString('en-US')} a browser is given (ASSAY_SAMPLE_MAX_ROWS): lower the rate or sample fewer datasets`);
  }
  const exceptions = await currentPiiExceptions(db, chosen.map((c) => c.dataset.id));
  const drawn: Drawn[] = chosen.map((c) => {
    const unmasked = (exceptions.get(c.dataset.id) ?? []).map((e) => e.column).sort();
    return { datasetId: c.dataset.id, name: c.dataset.name, snapshotId: c.snapshotId, contractVersion: c.dataset.version, ...(unmasked.length ? { unmasked } : {}) };
  });
  const sampleId = sampleIdOf(seed, rate, drawn);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: samples.id }).from(samples).where(eq(samples.id, sampleId));
    if (existing) return { sampleId, status: 'ready' as const };
    if (await pendingJob(tx, SAMPLE_JOB, sampleId)) return { sampleId, status: 'drawing' as const };
    const payload: SamplePayload = { sampleId, seed, rate, datasets: drawn, requestedBy: input.userId };
    const job = await enqueueJob(tx, { kind: SAMPLE_JOB, subject: sampleId, payload, maxAttempts: 2 });
    await appendAudit(tx, { actorId: input.userId, action: 'sample.requested', objectType: 'sample', objectId: sampleId, details: { jobId: job.id, seed, rate, datasets: drawn } });
    return { sampleId, status: 'drawing' as const };
  });
}

export type SampleStatus = { status: 'ready'; manifest: SampleManifest } | { status: 'drawing' } | { status: 'failed'; error: string };

const manifestOf = (row: typeof samples.$inferSelect): SampleManifest =>
  SampleManifest.parse({ id: row.id, seed: row.seed, rate: row.rate, tables: row.tables, rows: row.rowCount, bytes: row.bytes, createdAt: row.createdAt.toISOString() });

export async function sampleStatus(db: Db, sampleId: string): Promise<SampleStatus> {
  const [row] = await db.select().from(samples).where(eq(samples.id, sampleId));
  if (row) return { status: 'ready', manifest: manifestOf(row) };
  const [job] = await db.select().from(jobs).where(and(eq(jobs.kind, SAMPLE_JOB), eq(jobs.subject, sampleId))).orderBy(desc(jobs.id)).limit(1);
  if (!job) throw new AppError('not_found', `sample ${sampleId} does not exist`);
  if (job.status === 'failed') return { status: 'failed', error: job.lastError ?? 'the sample could not be drawn' };
  return { status: 'drawing' };
}

/** One table's file of a drawn sample, for streaming; audited as taken by `userId`. */
export async function takeSampleTable(db: Db, input: { sampleId: string; table: string; userId: string }): Promise<{ path: string; bytes: number }> {
  const status = await sampleStatus(db, input.sampleId);
  if (status.status !== 'ready') throw new AppError('conflict', `sample ${input.sampleId} is not drawn yet`);
  const table = status.manifest.tables.find((t) => t.name === input.table);
  if (!table) throw new AppError('not_found', `sample ${input.sampleId} has no table ${input.table}`);
  const path = tableFile(input.sampleId, table.name);
  let bytes: number;
  try {
    bytes = statSync(path).size;
  } catch {
    throw new AppError('gone', `the file of ${input.sampleId}/${table.name} is missing from the data directory: draw a new sample`);
  }
  await appendAudit(db, { actorId: input.userId, action: 'sample.taken', objectType: 'sample', objectId: input.sampleId, details: { table: table.name, rows: table.rows, bytes } });
  return { path, bytes };
}

/** The stored samples as a replay reads them: the manifest from the database, tables from their files. */
export function storedSamples(db: Db): SampleSource {
  return {
    async manifest(id) {
      const status = await sampleStatus(db, id);
      if (status.status !== 'ready') throw new Error(`sample ${id} is not drawn (${status.status})`);
      return status.manifest;
    },
    // Inflated off the event loop: a table's file is megabytes.
    table: async (id, table) => new Uint8Array(await inflate(await readFile(tableFile(id, table.name)))),
  };
}

/**
 * The sample job: draws the sample in the warehouse's stage layer with the masking functions
 * registered there (planSample), refuses it when it came out bigger than a browser is given, writes
 * each masked table as an Arrow file of text columns with its fp2 fingerprint, and drops every stage
 * table. Nothing unmasked is ever written outside the warehouse. Only `commit` makes the sample visible.
 */
export function sampleJobHandler(db: Db, openWarehouse: () => Promise<Warehouse>, appSecret: string): JobHandler<SampleOutcome> {
  return {
    async run(job) {
      const payload = job.payload as SamplePayload;
      const warehouse = await openWarehouse();
      warehouse.enableMasking(appSecret);
      const datasets = new Map((await listDatasets(db)).map((d) => [d.id, d]));
      const inputs: SampleInput[] = [];
      for (const drawn of payload.datasets) {
        const dataset = datasets.get(drawn.datasetId);
        if (!dataset) throw new Error(`dataset ${drawn.datasetId} is gone from the catalog`);
        if (dataset.version !== drawn.contractVersion) throw new Error(`the contract of ${dataset.name} changed while the sample was queued (v${drawn.contractVersion} → v${dataset.version}): ask for the sample again`);
        if (!(await exceptionsStillHeld(db, drawn.datasetId, drawn.unmasked ?? []))) throw new Error(`an exception for ${dataset.name} was revoked while the sample was queued: ask for the sample again`);
        const [snapshot] = await db.select().from(snapshots).where(eq(snapshots.id, drawn.snapshotId));
        const [binding] = await db.select({ primaryKey: datasetSources.primaryKey }).from(datasetSources).where(eq(datasetSources.datasetId, drawn.datasetId));
        const from: TableName = { layer: 'raw', name: snapshot!.physicalTable };
        if (!(await warehouse.exists(from))) throw new Error(`snapshot ${drawn.snapshotId} of ${dataset.name} was expired by its retention policy`);
        inputs.push({ name: dataset.name, from: sqlName(from), columns: await warehouse.describe(from), contract: dataset.contract, primaryKey: binding?.primaryKey ?? [], unmasked: drawn.unmasked ?? [] });
      }
      const drawn = await drawSampleTables(warehouse, inputs, {
        rate: payload.rate,
        seed: payload.seed,
        stagePrefix: `sample_${payload.sampleId.slice(3)}_${job.attempts}`,
        fileOf: (name) => tableFile(payload.sampleId, name),
        rowLimit: sampleRowLimit(),
      });
      const tables: SampleTable[] = drawn.map((t) => {
        const source = payload.datasets.find((d) => d.name === t.name)!;
        return { ...t, datasetId: source.datasetId, snapshotId: source.snapshotId, contractVersion: source.contractVersion, ...(source.unmasked ? { unmasked: source.unmasked } : {}) };
      });
      return { tables };
    },
    async commit(tx: Tx, job, outcome) {
      const payload = job.payload as SamplePayload;
      const rowCount = outcome.tables.reduce((sum, t) => sum + t.rows, 0);
      const bytes = outcome.tables.reduce((sum, t) => sum + t.bytes, 0);
      // Two requests racing past requestSample draw the same sample twice: the first row stands.
      const inserted = await tx
        .insert(samples)
        .values({ id: payload.sampleId, seed: payload.seed, rate: payload.rate, tables: outcome.tables, rowCount, bytes, createdBy: payload.requestedBy, jobId: job.id })
        .onConflictDoNothing()
        .returning({ id: samples.id });
      if (inserted.length > 0) {
        await appendAudit(tx, { actorId: payload.requestedBy, action: 'sample.drawn', objectType: 'sample', objectId: payload.sampleId, details: { rows: rowCount, bytes, tables: outcome.tables.map((t) => ({ name: t.name, snapshotId: t.snapshotId, contractVersion: t.contractVersion, rows: t.rows, fingerprint: t.fingerprint })) } });
      }
    },
    async fail(tx, job, error) {
      const payload = job.payload as SamplePayload;
      await appendAudit(tx, { actorId: payload.requestedBy, action: 'sample.failed', objectType: 'sample', objectId: payload.sampleId, details: { error } });
    },
  };
}
