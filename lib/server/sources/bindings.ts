import 'server-only';
import { eq } from 'drizzle-orm';
import type { ColumnContract, DatasetContract } from '@/lib/contracts/schema';
import { nextLoadAt } from '@/lib/sources/schedule';
import type { BindInput } from '@/lib/sources/schema';
import { tableText, type SourceColumn, type TableRef } from '@/lib/sources/types';
import { AppError } from '@/lib/errors';
import { createDataset, type DatasetView } from '@/lib/server/catalog/datasets';
import type { Db } from '@/lib/server/db/client';
import { connections, datasetSources } from '@/lib/server/db/schema';
import { sourceColumns, type SecretKey } from './connections';

export type Binding = typeof datasetSources.$inferSelect & { connectionName: string };

const snake = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^([0-9])/, '_$1');

/** The contract Assay proposes for a source table: its columns with their DuckDB types and
 * nullability; descriptions, sensitivity and masking are the steward's to complete. */
export function proposeContract(table: TableRef, columns: readonly SourceColumn[]): { contract: DatasetContract; primaryKeyGuess: string[]; cursorGuess: string | null } {
  const contractColumns: ColumnContract[] = columns.map((c) => ({
    name: snake(c.name),
    type: c.duckdbType,
    nullable: c.nullable,
    description: '',
    sensitivity: 'internal',
    masking: 'none',
  }));
  const names = contractColumns.map((c) => c.name);
  const primaryKeyGuess = names.includes('id') ? ['id'] : names.slice(0, 1);
  const cursorGuess = names.find((n) => /^(updated_at|modified_at|last_modified|updated)$/.test(n)) ?? null;
  return {
    contract: { description: `Loaded from ${tableText(table)}.`, retentionDays: null, freshnessSlaHours: 24, columns: contractColumns },
    primaryKeyGuess,
    cursorGuess,
  };
}

export async function proposeBinding(db: Db, key: SecretKey, connectionId: string, table: TableRef) {
  const columns = await sourceColumns(db, key, connectionId, table);
  return { columns, ...proposeContract(table, columns) };
}

/** Creates the dataset (contract v1) and its binding in one transaction, after checking that the
 * table and every contract column exist in the source as the steward saw them. */
export async function bindDataset(db: Db, key: SecretKey, input: Omit<BindInput, 'schedule'> & { schedule?: string | null; actorId: string }): Promise<DatasetView> {
  const seen = await sourceColumns(db, key, input.connectionId, input.table);
  const names = new Set(seen.map((c) => c.name));
  const missing = input.contract.columns.filter((c) => !names.has(c.name)).map((c) => c.name);
  if (missing.length > 0) throw new AppError('bad_request', `the source table has no column ${missing.join(', ')} (contract columns keep the source's names)`);
  return createDataset(db, { name: input.name, kind: 'source', ownerId: input.ownerId ?? input.actorId, actorId: input.actorId, contract: input.contract }, async (tx) => {
    await tx.insert(datasetSources).values({
      datasetId: input.name,
      connectionId: input.connectionId,
      sourceTable: tableText(input.table),
      primaryKey: input.primaryKey,
      cursorColumn: input.cursorColumn,
      lookback: input.lookback,
      driftPolicy: input.driftPolicy,
      schedule: input.schedule ?? null,
      nextLoadAt: input.schedule ? nextLoadAt(input.schedule, new Date()) : null,
      createdBy: input.actorId,
    });
  });
}

export async function bindingOf(db: Db, datasetId: string): Promise<Binding | null> {
  const [row] = await db
    .select({ binding: datasetSources, connectionName: connections.name })
    .from(datasetSources)
    .innerJoin(connections, eq(connections.id, datasetSources.connectionId))
    .where(eq(datasetSources.datasetId, datasetId));
  return row ? { ...row.binding, connectionName: row.connectionName } : null;
}
