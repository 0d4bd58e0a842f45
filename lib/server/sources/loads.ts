import 'server-only';
import { and, desc, eq, notExists, sql } from 'drizzle-orm';
import type { ColumnContract } from '@/lib/contracts/schema';
import { describeChange, driftVerdict, schemaDrift, type DriftChange } from '@/lib/sources/drift';
import { sourceErrorMessage } from '@/lib/sources/drivers';
import { PageQuery } from '@/lib/pagination/query';
import { TableName as TableNameText, type SourceColumn } from '@/lib/sources/types';
import { quoteColumn, sqlName, type TableName, type Warehouse } from '@/lib/warehouse/types';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import { getDatasetOrThrow } from '@/lib/server/catalog/datasets';
import type { OpenLineageConfig } from '@/lib/server/config';
import type { Db, Tx } from '@/lib/server/db/client';
import { datasetSources, driftEvents, jobs, snapshotExpiries, snapshots, users, type LoadMode, type LoadTrigger } from '@/lib/server/db/schema';
import { enqueueJob, type Job } from '@/lib/server/jobs/queue';
import { afterKey, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';
import type { JobHandler } from '@/lib/server/jobs/worker';
import { withSource, type SecretKey } from './connections';
import { runOnNewSnapshot } from '@/lib/server/runs/requests';
import { observeLoad } from '@/lib/server/observability/metrics';
import { driftAlerts, loadAlerts } from '@/lib/server/alerts/rules';
import { emitLoadFailed, emitLoadFinished, emitLoadStarted, type LoadChecks } from '@/lib/server/openlineage/emit';
import { notifyDrift } from './notify';

export const LOAD_JOB = 'source.load';

type LoadPayload = { datasetId: string; mode: LoadMode; trigger: LoadTrigger; triggeredBy: string | null };

export type Snapshot = typeof snapshots.$inferSelect;
export type DriftEvent = typeof driftEvents.$inferSelect;

const textValue = (value: string) => `'${value.replaceAll("'", "''")}'`;
const TEMPORAL = /^(DATE|TIMESTAMP)/;

/** Queues a load; a second one while one is queued or running is refused — by the partial unique
 * index jobs_one_load_per_dataset, so also across processes. */
export async function requestLoad(db: Db, input: { datasetId: string; mode: LoadMode; trigger: LoadTrigger; userId: string | null }): Promise<Job> {
  const [binding] = await db.select().from(datasetSources).where(eq(datasetSources.datasetId, input.datasetId));
  if (!binding) throw new AppError('not_found', `dataset ${input.datasetId} is not bound to a source`);
  if (input.mode === 'incremental' && !binding.cursorColumn) {
    throw new AppError('bad_request', `dataset ${input.datasetId} has no cursor column, so it loads in full only`);
  }
  try {
    return await db.transaction(async (tx) => {
      const payload: LoadPayload = { datasetId: input.datasetId, mode: input.mode, trigger: input.trigger, triggeredBy: input.userId };
      const job = await enqueueJob(tx, { kind: LOAD_JOB, subject: input.datasetId, payload, maxAttempts: 2 });
      await appendAudit(tx, { actorId: input.userId, action: 'source.load_requested', objectType: 'dataset', objectId: input.datasetId, details: { jobId: job.id, mode: input.mode, trigger: input.trigger } });
      return job;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', `a load of ${input.datasetId} is already queued or running`);
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export type LoadOutcome = {
  status: 'published' | 'quarantined';
  datasetId: string;
  contractVersion: number;
  physicalTable: string;
  mode: LoadMode;
  rowCount: number;
  rowsRead: number;
  fingerprint: string;
  watermarkFrom: string | null;
  watermarkTo: string | null;
  sourceSchema: SourceColumn[];
  changes: DriftChange[];
  startedAt: Date;
  finishedAt: Date;
  ownerId: string;
  /** The loaded table's columns (DuckDB types) and what was checked against the contract, for OpenLineage. */
  columns: { name: string; type: string }[];
  checked: Omit<LoadChecks, 'changes'>;
  deltaOf: number | null;
  chainDepth: number;
  keyChecked: string[] | null;
};

/** An incremental load is stored as a delta over the current snapshot (a view, no copy of the rows)
 * unless the chain would get longer than this or the changes are more than this share of the rows:
 * then the merge is written out as a table, and readers never go through more than a few deltas. */
export const MAX_DELTA_CHAIN = 8;
const MAX_DELTA_SHARE = 0.1;

/** The delta table of a snapshot stored as a delta; its physical table is then a view. */
export const deltaTableOf = (physicalTable: string): TableName => ({ layer: 'raw', name: `${physicalTable}__delta` });

const notExpired = (db: Db | Tx) => notExists(db.select({ one: sql`1` }).from(snapshotExpiries).where(eq(snapshotExpiries.snapshotId, snapshots.id)));

/** The dataset's current snapshot: its latest published one (a quarantined load never is). Retention
 * never expires it; the filter keeps it so should a row say otherwise. */
export async function currentSnapshot(db: Db | Tx, datasetId: string): Promise<Snapshot | null> {
  const [row] = await db
    .select()
    .from(snapshots)
    .where(and(eq(snapshots.datasetId, datasetId), eq(snapshots.status, 'published'), notExpired(db)))
    .orderBy(desc(snapshots.id))
    .limit(1);
  return row ?? null;
}

/** A snapshot with its expiry, if a steward's retention expired it (its raw table is gone). */
export type ListedSnapshot = Snapshot & { expiredAt: Date | null; expiredByName: string | null };

function snapshotsWithExpiry(db: Db) {
  return db
    .select({ snapshot: snapshots, expiredAt: snapshotExpiries.expiredAt, expiredByName: users.name })
    .from(snapshots)
    .leftJoin(snapshotExpiries, eq(snapshotExpiries.snapshotId, snapshots.id))
    .leftJoin(users, eq(users.id, snapshotExpiries.expiredBy));
}
const listed = (row: { snapshot: Snapshot; expiredAt: Date | null; expiredByName: string | null }): ListedSnapshot => ({ ...row.snapshot, expiredAt: row.expiredAt, expiredByName: row.expiredByName });

export async function getSnapshotOrThrow(db: Db, id: number): Promise<ListedSnapshot> {
  const [row] = await snapshotsWithExpiry(db).where(eq(snapshots.id, id));
  if (!row) throw new AppError('not_found', `snapshot ${id} does not exist`);
  return listed(row);
}

/** The page size of a dataset's snapshots and drift events. */
export const SnapshotPage = PageQuery({ defaultLimit: 20, maxLimit: 100 });

/** Newest first (the index is on dataset_id, id). */
export async function listSnapshots(db: Db, datasetId: string, page: PageRequest): Promise<KeyedPage<ListedSnapshot>> {
  const rows = await snapshotsWithExpiry(db)
    .where(and(eq(snapshots.datasetId, datasetId), afterKey(page, 'desc', [[snapshots.id, 'bigint']])))
    .orderBy(desc(snapshots.id))
    .limit(page.limit + 1);
  return keyedPage(rows.map(listed), page, (row) => [String(row.id)]);
}

export async function listDriftEvents(db: Db, datasetId: string, page: PageRequest): Promise<KeyedPage<DriftEvent>> {
  const rows = await db
    .select()
    .from(driftEvents)
    .where(and(eq(driftEvents.datasetId, datasetId), afterKey(page, 'desc', [[driftEvents.id, 'bigint']])))
    .orderBy(desc(driftEvents.id))
    .limit(page.limit + 1);
  return keyedPage(rows, page, (row) => [String(row.id)]);
}

/** The dataset's latest load job: what the dataset page shows while one runs, or why the last failed. */
export async function latestLoadJob(db: Db, datasetId: string): Promise<Job | null> {
  const [job] = await db.select().from(jobs).where(and(eq(jobs.kind, LOAD_JOB), eq(jobs.subject, datasetId))).orderBy(desc(jobs.id)).limit(1);
  return job ?? null;
}

/** Time travel: a page of any snapshot's rows, by snapshot id, in primary-key order. */
export async function readSnapshotPage(db: Db, warehouse: Warehouse, id: number, page: { offset: number; limit: number }) {
  const snapshot = await getSnapshotOrThrow(db, id);
  if (snapshot.expiredAt) {
    throw new AppError('gone', `snapshot ${id} of ${snapshot.datasetId} was expired by ${snapshot.expiredByName} on ${snapshot.expiredAt.toISOString()} under the dataset's retention policy: its rows are gone from the warehouse`, {
      expiredAt: snapshot.expiredAt.toISOString(),
      expiredBy: snapshot.expiredByName,
    });
  }
  const [binding] = await db.select({ primaryKey: datasetSources.primaryKey }).from(datasetSources).where(eq(datasetSources.datasetId, snapshot.datasetId));
  const table: TableName = { layer: 'raw', name: snapshot.physicalTable };
  if (!(await warehouse.exists(table))) throw new AppError('gone', `snapshot ${id} has no table in the warehouse (its load was never finished there, or the warehouse file was replaced)`);
  const columns = await warehouse.describe(table);
  const orderBy = (binding?.primaryKey ?? []).filter((k) => columns.some((c) => c.name === k));
  return warehouse.readPage(table, { ...page, orderBy });
}

/**
 * The load job. `run` reads the source in bounded batches into a table of the warehouse's `raw` layer
 * (an incremental load into a delta table, merged with the current snapshot by primary key through a
 * view, or written out as a table — see MAX_DELTA_CHAIN), checks it against the contract, fingerprints
 * it — and publishes nothing: only `commit` writes the snapshot row, in the transaction that finishes
 * the job. A load that fails or is killed leaves at most unreferenced objects (dropped on failure and
 * by the retry), never a visible snapshot.
 */
export function loadJobHandler(db: Db, openWarehouse: () => Promise<Warehouse>, key: SecretKey, openLineage?: OpenLineageConfig): JobHandler<LoadOutcome> {
  return {
    async run(job) {
      const payload = job.payload as LoadPayload;
      const startedAt = new Date();
      if (job.attempts === 1) await emitLoadStarted(db, openLineage, { jobId: job.id, datasetId: payload.datasetId, time: startedAt });
      const warehouse = await openWarehouse();
      const dataset = await getDatasetOrThrow(db, payload.datasetId);
      const [binding] = await db.select().from(datasetSources).where(eq(datasetSources.datasetId, dataset.id));
      if (!binding) throw new Error(`dataset ${dataset.id} is not bound to a source`);
      const table = TableNameText.parse(binding.sourceTable);
      const previous = await currentSnapshot(db, dataset.id);
      const base = `${dataset.id}__${job.id}_${job.attempts}`;
      const target: TableName = { layer: 'raw', name: base };
      const delta = deltaTableOf(base);
      // What earlier attempts of this job left when their process died halfway: never a snapshot
      // (no row was committed), dropped here so a killed load leaves nothing behind for long.
      for (let attempt = 1; attempt <= job.attempts; attempt++) {
        const earlier = `${dataset.id}__${job.id}_${attempt}`;
        for (const table of [{ layer: 'raw' as const, name: earlier }, deltaTableOf(earlier), { layer: 'stage' as const, name: earlier }]) await warehouse.dropTable(table);
      }
      try {
        return await withSource(db, key, binding.connectionId, async (source, connection) => {
          const seen = await source.columns(table);
          if (seen.length === 0) {
            throw new Error(`source table ${binding.sourceTable} does not exist on ${connection.name} (dropped or renamed since it was bound?)`);
          }
          const changes = schemaDrift(dataset.contract.columns, seen);
          const bySource = new Map(seen.map((c) => [c.name, c]));
          // The contract's columns that the source still has, typed as the source has them now.
          const loaded = dataset.contract.columns.filter((c) => bySource.has(c.name)).map((c) => ({ name: c.name, type: bySource.get(c.name)!.duckdbType }));
          const cursor = binding.cursorColumn ? loaded.find((c) => c.name === binding.cursorColumn) ?? null : null;
          const incremental = payload.mode === 'incremental' && previous !== null && previous.watermarkTo !== null && cursor !== null;
          const since = incremental ? { column: cursor.name, from: await lookbackFrom(warehouse, cursor.type, previous.watermarkTo!, binding.lookback), duckdbType: cursor.type } : undefined;

          let rowsRead: number;
          try {
            const read = { table, columns: loaded.map((c) => c.name), since, sourceTypes: new Map(seen.map((c) => [c.name, c.sourceType])) };
            // A full load goes straight into its raw table (still invisible until commit): measured in
            // bench/loads.ts, writing a 1M-row table is most of a load, so a stage copy would double it.
            ({ rows: rowsRead } = await warehouse.loadTable(incremental ? delta : target, loaded, source.readCsv ? { csv: source.readCsv(read) } : { batches: source.read(read) }));
          } catch (error) {
            throw new Error(`loading ${binding.sourceTable} from ${connection.name} failed: ${sourceErrorMessage(error, connection.password)}`);
          }
          if (cursor) {
            const [nulls] = (await warehouse.query(`SELECT count(*) FROM ${sqlName(incremental ? delta : target)} WHERE ${quoteColumn(cursor.name)} IS NULL`)).rows;
            if (Number(nulls?.[0]) > 0) {
              throw new Error(`cursor column ${cursor.name} has ${nulls?.[0]} NULL values in ${binding.sourceTable}: an incremental load by it would never see those rows; fill them in the source or bind another cursor column`);
            }
          }
          const keys = binding.primaryKey.filter((k) => bySource.has(k));
          const asDelta = incremental && previous.chainDepth < MAX_DELTA_CHAIN && rowsRead <= previous.rowCount * MAX_DELTA_SHARE;
          if (incremental) {
            const match = keys.map((k) => `n.${quoteColumn(k)} IS NOT DISTINCT FROM p.${quoteColumn(k)}`).join(' AND ');
            const merged = `SELECT * FROM ${sqlName({ layer: 'raw', name: previous.physicalTable })} p WHERE NOT EXISTS (SELECT 1 FROM ${sqlName(delta)} n WHERE ${match || 'false'})
               UNION ALL BY NAME SELECT * FROM ${sqlName(delta)}`;
            await (asDelta ? warehouse.createViewAs(target, merged) : warehouse.createTableAs(target, merged));
          }
          // Rows merged over a snapshot already checked under these keys can only break them in the delta.
          const keysFrom = incremental && sameKey(previous.keyChecked, keys) ? delta : target;
          // Independent reads of the finished table, each on its own warehouse connection: DuckDB runs
          // them side by side (an incremental load's checks and fingerprint, 91 → 65–86 ms in bench/loads.ts).
          const [violations, { rows: rowCount, fingerprint }, watermark] = await allSettledOrThrow([
            rowViolations(warehouse, target, dataset.contract.columns.filter((c) => bySource.has(c.name)), keys, keysFrom),
            warehouse.fingerprint(target),
            cursor ? watermarkOf(warehouse, target, cursor.name) : { min: null, max: null },
          ] as const);
          if (incremental && !asDelta) await warehouse.dropTable(delta);
          changes.push(...violations);
          return {
            status: driftVerdict(binding.driftPolicy, changes) === 'publish' ? 'published' : 'quarantined',
            datasetId: dataset.id,
            contractVersion: dataset.version,
            physicalTable: target.name,
            mode: incremental ? 'incremental' : 'full',
            rowCount,
            rowsRead,
            fingerprint,
            watermarkFrom: since?.from ?? watermark.min,
            watermarkTo: watermark.max,
            sourceSchema: seen,
            changes,
            startedAt,
            finishedAt: new Date(),
            ownerId: dataset.ownerId,
            columns: loaded,
            checked: {
              required: dataset.contract.columns.filter((c) => !c.nullable && bySource.has(c.name)).map((c) => c.name),
              primaryKey: keys,
            },
            deltaOf: asDelta ? previous.id : null,
            chainDepth: asDelta ? previous.chainDepth + 1 : 0,
            keyChecked: keys.length > 0 && !violations.some((c) => c.kind === 'primary_key_violated') ? keys : null,
          } satisfies LoadOutcome;
        });
      } catch (error) {
        await warehouse.dropTable(target).catch(() => {});
        await warehouse.dropTable(delta).catch(() => {});
        throw error;
      }
    },

    async commit(tx, job, outcome) {
      const payload = job.payload as LoadPayload;
      const { changes, ownerId, columns, checked, ...row } = outcome;
      const [snapshot] = await tx
        .insert(snapshots)
        .values({ ...row, trigger: payload.trigger, triggeredBy: payload.triggeredBy, jobId: job.id })
        .returning({ id: snapshots.id });
      const snapshotId = snapshot!.id;
      const summary = changes.length > 0 ? changes.map(describeChange).join('; ') : null;
      await driftAlerts(tx, { datasetId: outcome.datasetId, ownerId, snapshotId, blocked: outcome.status === 'quarantined', summary });
      await loadAlerts(tx, { datasetId: outcome.datasetId, ownerId, snapshotId });
      if (changes.length > 0) {
        const [binding] = await tx.select({ policy: datasetSources.driftPolicy }).from(datasetSources).where(eq(datasetSources.datasetId, outcome.datasetId));
        const blocked = outcome.status === 'quarantined';
        await tx.insert(driftEvents).values({ datasetId: outcome.datasetId, snapshotId, jobId: job.id, policy: binding?.policy ?? 'block', outcome: blocked ? 'blocked' : 'accepted', changes });
        await notifyDrift(tx, {
          userIds: [ownerId],
          datasetId: outcome.datasetId,
          blocked,
          summary: summary!,
        });
      }
      await appendAudit(tx, {
        actorId: payload.triggeredBy,
        action: outcome.status === 'published' ? 'source.snapshot_published' : 'source.snapshot_quarantined',
        objectType: 'dataset',
        objectId: outcome.datasetId,
        details: { snapshotId, jobId: job.id, mode: outcome.mode, rows: outcome.rowCount, fingerprint: outcome.fingerprint, ...(changes.length > 0 ? { drift: changes } : {}) },
      });
      await emitLoadFinished(tx, openLineage, { jobId: job.id, datasetId: outcome.datasetId, status: outcome.status, time: outcome.finishedAt, columns, sourceSchema: outcome.sourceSchema, checks: { ...checked, changes } });
      // Pipelines reading the dataset run on the new snapshot, queued by the transaction that publishes it.
      if (outcome.status === 'published') await runOnNewSnapshot(tx, outcome.datasetId);
      observeLoad({
        dataset: outcome.datasetId,
        status: outcome.status,
        seconds: (outcome.finishedAt.getTime() - outcome.startedAt.getTime()) / 1000,
        rowsRead: outcome.rowsRead,
        rowsWritten: outcome.rowCount,
      });
    },

    async fail(tx, job, error) {
      const payload = job.payload as LoadPayload;
      await appendAudit(tx, { actorId: payload.triggeredBy, action: 'source.load_failed', objectType: 'dataset', objectId: payload.datasetId, details: { jobId: job.id, error: error.slice(0, 500) } });
      await emitLoadFailed(tx, openLineage, { jobId: job.id, datasetId: payload.datasetId, error });
      await loadAlerts(tx, { datasetId: payload.datasetId, ownerId: (await getDatasetOrThrow(tx, payload.datasetId)).ownerId, failed: error });
    },
  };
}

/** Where an incremental load starts reading: the last watermark minus the lookback, in DuckDB's text
 * of the cursor's type (seconds for a date or timestamp, units for a number). */
async function lookbackFrom(warehouse: Warehouse, type: string, watermark: string, lookback: number): Promise<string> {
  const step = TEMPORAL.test(type) ? `INTERVAL ${Math.trunc(lookback)} SECOND` : String(Math.trunc(lookback));
  const { rows } = await warehouse.query(`SELECT CAST(CAST(${textValue(watermark)} AS ${type}) - ${step} AS VARCHAR)`);
  return String(rows[0]?.[0]);
}

async function watermarkOf(warehouse: Warehouse, table: TableName, column: string): Promise<{ min: string | null; max: string | null }> {
  const { rows } = await warehouse.query(`SELECT CAST(min(${quoteColumn(column)}) AS VARCHAR), CAST(max(${quoteColumn(column)}) AS VARCHAR) FROM ${sqlName(table)}`);
  const [min, max] = rows[0] ?? [];
  return { min: min == null ? null : String(min), max: max == null ? null : String(max) };
}

/** Promise.all that waits for every read to end before it throws the first error: a failed load drops
 * the tables these reads use, and must not drop one under a read still running. */
async function allSettledOrThrow<T extends readonly unknown[]>(work: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

const sameKey = (checked: readonly string[] | null, keys: readonly string[]) => checked !== null && keys.length > 0 && checked.length === keys.length && checked.every((k, i) => k === keys[i]);

/** NOT NULL and primary-key violations of the loaded table, counted inside the warehouse (the two
 * queries side by side); the key is checked in `keysFrom` (the table itself, or the only rows that can break it). */
async function rowViolations(warehouse: Warehouse, table: TableName, columns: readonly ColumnContract[], primaryKey: readonly string[], keysFrom: TableName): Promise<DriftChange[]> {
  const [nullChanges, keyChanges] = await allSettledOrThrow([notNullViolations(warehouse, table, columns), primaryKeyViolations(warehouse, keysFrom, primaryKey)] as const);
  return [...nullChanges, ...keyChanges];
}

async function notNullViolations(warehouse: Warehouse, table: TableName, columns: readonly ColumnContract[]): Promise<DriftChange[]> {
  const required = columns.filter((c) => !c.nullable);
  if (required.length === 0) return [];
  const counts = required.map((c) => `count(*) FILTER (WHERE ${quoteColumn(c.name)} IS NULL)`).join(', ');
  const [row] = (await warehouse.query(`SELECT ${counts} FROM ${sqlName(table)}`)).rows;
  return required.flatMap((c, i): DriftChange[] => {
    const rows = Number(row?.[i] ?? 0);
    return rows > 0 ? [{ kind: 'not_null_violated', column: c.name, rows }] : [];
  });
}

async function primaryKeyViolations(warehouse: Warehouse, table: TableName, primaryKey: readonly string[]): Promise<DriftChange[]> {
  if (primaryKey.length === 0) return [];
  const keys = primaryKey.map(quoteColumn).join(', ');
  const anyNull = primaryKey.map((k) => `${quoteColumn(k)} IS NULL`).join(' OR ');
  const [row] = (
    await warehouse.query(
      `SELECT (SELECT count(*) FROM (SELECT ${keys} FROM ${sqlName(table)} WHERE NOT (${anyNull}) GROUP BY ${keys} HAVING count(*) > 1)),
              (SELECT count(*) FROM ${sqlName(table)} WHERE ${anyNull})`,
    )
  ).rows;
  const duplicateKeys = Number(row?.[0] ?? 0);
  const nullKeys = Number(row?.[1] ?? 0);
  return duplicateKeys > 0 || nullKeys > 0 ? [{ kind: 'primary_key_violated', columns: [...primaryKey], duplicateKeys, nullKeys }] : [];
}
