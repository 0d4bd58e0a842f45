import 'server-only';
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import { applyContractEdit, contractChanges, type ContractEdit } from '@/lib/contracts/edit';
import { DatasetContract } from '@/lib/contracts/schema';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import { datasetContracts, datasets, users } from '@/lib/server/db/schema';
import { afterKey, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';

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
  input: { datasetId: string; baseVersion: number; ownerId: string; actorId: string; contract: DatasetContract; changes?: string[] },
  /** More rows that belong to the change (an audit event of why), written in the same transaction. */
  within?: (tx: Tx) => Promise<void>,
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
    await appendAudit(tx, { actorId: input.actorId, action: 'catalog.contract_changed', objectType: 'dataset', objectId: input.datasetId, details: { version: next, ...(input.changes ? { changes: input.changes } : {}) } });
    await within?.(tx);
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

/** A steward's edit of the words and governance of the current contract, saved as its next version
 * (refused when nothing changed, when the edit was made on an older version, or when the result is
 * not a valid contract). The changes, in words, go to the audit log. */
export async function editContract(db: Db, input: { datasetId: string; edit: ContractEdit; actorId: string }): Promise<DatasetView & { changes: string[] }> {
  const current = await getDatasetOrThrow(db, input.datasetId);
  if (current.version !== input.edit.baseVersion) {
    throw new AppError('conflict', `contract of ${input.datasetId} is at version ${current.version}, not ${input.edit.baseVersion}: reload to see the change`);
  }
  const applied = applyContractEdit(current.contract, input.edit);
  if (!applied.ok) throw new AppError('invalid_body', applied.message);
  const changes = contractChanges(current.contract, applied.contract);
  if (changes.length === 0) throw new AppError('bad_request', 'nothing changed: the contract is as it was');
  const view = await changeContract(db, { datasetId: input.datasetId, baseVersion: current.version, ownerId: current.ownerId, actorId: input.actorId, contract: applied.contract, changes });
  return { ...view, changes };
}

export type ContractVersion = { version: number; createdAt: Date; createdByName: string; changes: string[] };

/** A dataset's contract versions, newest first, each with what changed from the one before it. */
export async function listContractVersions(db: Db, datasetId: string, page: PageRequest): Promise<KeyedPage<ContractVersion>> {
  const rows = await db
    .select({ version: datasetContracts.version, createdAt: datasetContracts.createdAt, createdByName: users.name })
    .from(datasetContracts)
    .innerJoin(users, eq(users.id, datasetContracts.createdBy))
    .where(and(eq(datasetContracts.datasetId, datasetId), afterKey(page, 'desc', [[datasetContracts.version, 'integer']])))
    .orderBy(desc(datasetContracts.version))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const versions = shown.length === 0 ? new Map<number, DatasetContract>() : await contractsAt(db, datasetId, Math.max(1, shown.at(-1)!.version - 1), shown[0]!.version);
  const items = rows.map((row) => {
    const after = versions.get(row.version);
    const before = versions.get(row.version - 1);
    return { ...row, changes: after && before ? contractChanges(before, after) : row.version === 1 ? ['created'] : [] };
  });
  return keyedPage(items, page, (row) => [String(row.version)]);
}

async function contractsAt(db: Db, datasetId: string, from: number, to: number): Promise<Map<number, DatasetContract>> {
  const rows = await db
    .select()
    .from(datasetContracts)
    .where(and(eq(datasetContracts.datasetId, datasetId), gte(datasetContracts.version, from), lte(datasetContracts.version, to)));
  return new Map(rows.map((r) => [r.version, DatasetContract.parse({ description: r.description, retentionDays: r.retentionDays, freshnessSlaHours: r.freshnessSlaHours, columns: r.columns, ...(r.synthetic ? { synthetic: r.synthetic } : {}) })]));
}
