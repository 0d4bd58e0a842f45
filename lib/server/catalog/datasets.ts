import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { DatasetContract } from '@/lib/contracts/schema';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import { datasetContracts, datasets, users } from '@/lib/server/db/schema';

export type DatasetView = {
  id: string;
  name: string;
  kind: 'source' | 'model';
  version: number;
  ownerId: string;
  ownerName: string;
  contract: DatasetContract;
};

export async function createDataset(
  db: Db,
  input: { name: string; kind: 'source' | 'model'; ownerId: string; actorId: string; contract: DatasetContract },
  /** More rows that belong to the new dataset (a source binding), written in the same transaction. */
  within?: (tx: Tx) => Promise<void>,
): Promise<DatasetView> {
  const contract = DatasetContract.parse(input.contract);
  const [taken] = await db.select({ id: datasets.id }).from(datasets).where(eq(datasets.id, input.name));
  if (taken) throw new AppError('conflict', `a dataset named ${input.name} already exists`);
  await db.transaction(async (tx) => {
    await tx.insert(datasets).values({ id: input.name, name: input.name, kind: input.kind, currentVersion: 1 });
    await tx.insert(datasetContracts).values({ datasetId: input.name, version: 1, ownerId: input.ownerId, createdBy: input.actorId, ...contractColumns(contract) });
    await within?.(tx);
    await appendAudit(tx, { actorId: input.actorId, action: 'catalog.dataset_created', objectType: 'dataset', objectId: input.name, details: { version: 1 } });
  });
  return getDatasetOrThrow(db, input.name);
}

/** A contract change never edits the old version: it appends the next one and moves the pointer. */
export async function changeContract(
  db: Db,
  input: { datasetId: string; baseVersion: number; ownerId: string; actorId: string; contract: DatasetContract },
): Promise<DatasetView> {
  const contract = DatasetContract.parse(input.contract);
  const next = input.baseVersion + 1;
  const changed = await db.transaction(async (tx) => {
    const moved = await tx
      .update(datasets)
      .set({ currentVersion: next })
      .where(and(eq(datasets.id, input.datasetId), eq(datasets.currentVersion, input.baseVersion)))
      .returning({ id: datasets.id });
    if (moved.length === 0) return false;
    await tx.insert(datasetContracts).values({ datasetId: input.datasetId, version: next, ownerId: input.ownerId, createdBy: input.actorId, ...contractColumns(contract) });
    await appendAudit(tx, { actorId: input.actorId, action: 'catalog.contract_changed', objectType: 'dataset', objectId: input.datasetId, details: { version: next } });
    return true;
  });
  if (!changed) {
    const current = await getDatasetOrThrow(db, input.datasetId);
    throw new AppError('conflict', `contract of ${input.datasetId} is at version ${current.version}, not ${input.baseVersion}`);
  }
  return getDatasetOrThrow(db, input.datasetId);
}

function contractColumns(contract: DatasetContract) {
  const { description, retentionDays, freshnessSlaHours, columns } = contract;
  const synthetic = 'synthetic' in contract ? (contract.synthetic as Record<string, unknown> | undefined) : undefined;
  return { description, retentionDays, freshnessSlaHours, columns, synthetic: synthetic ?? null };
}

function currentContracts(db: Db) {
  return db
    .select({
      id: datasets.id,
      name: datasets.name,
      kind: datasets.kind,
      version: datasets.currentVersion,
      ownerId: datasetContracts.ownerId,
      ownerName: users.name,
      description: datasetContracts.description,
      retentionDays: datasetContracts.retentionDays,
      freshnessSlaHours: datasetContracts.freshnessSlaHours,
      columns: datasetContracts.columns,
      synthetic: datasetContracts.synthetic,
    })
    .from(datasets)
    .innerJoin(datasetContracts, and(eq(datasetContracts.datasetId, datasets.id), eq(datasetContracts.version, datasets.currentVersion)))
    .innerJoin(users, eq(users.id, datasetContracts.ownerId));
}

type ContractRow = Awaited<ReturnType<typeof currentContracts>>[number];

function toView(row: ContractRow): DatasetView {
  const { description, retentionDays, freshnessSlaHours, columns, synthetic, ...rest } = row;
  // Parsed again on the way out: the contract schema owns the shape of the generator hints.
  const contract = DatasetContract.parse({ description, retentionDays, freshnessSlaHours, columns, ...(synthetic ? { synthetic } : {}) });
  return { ...rest, contract };
}

export async function listDatasets(db: Db): Promise<DatasetView[]> {
  const rows = await currentContracts(db).orderBy(asc(datasets.name));
  return rows.map(toView);
}

export async function getDatasetOrThrow(db: Db, id: string): Promise<DatasetView> {
  const [row] = await currentContracts(db).where(eq(datasets.id, id));
  if (!row) throw new AppError('not_found', `dataset ${id} does not exist`);
  return toView(row);
}
