import 'server-only';
import { desc, eq, inArray } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import { getDatasetOrThrow } from '@/lib/server/catalog/datasets';
import type { Db, Tx } from '@/lib/server/db/client';
import { piiExceptions, users } from '@/lib/server/db/schema';

export type PiiException = { column: string; reason: string; grantedBy: string; grantedAt: Date };

/** The exceptions that hold now, by dataset: each column's latest row, when it is a grant. */
export async function currentPiiExceptions(db: Db | Tx, datasetIds: readonly string[]): Promise<Map<string, PiiException[]>> {
  const result = new Map<string, PiiException[]>(datasetIds.map((id) => [id, []]));
  if (datasetIds.length === 0) return result;
  const rows = await db
    .selectDistinctOn([piiExceptions.datasetId, piiExceptions.columnName], {
      datasetId: piiExceptions.datasetId,
      column: piiExceptions.columnName,
      action: piiExceptions.action,
      reason: piiExceptions.reason,
      grantedBy: users.name,
      grantedAt: piiExceptions.createdAt,
    })
    .from(piiExceptions)
    .innerJoin(users, eq(users.id, piiExceptions.actorId))
    .where(inArray(piiExceptions.datasetId, [...datasetIds]))
    .orderBy(piiExceptions.datasetId, piiExceptions.columnName, desc(piiExceptions.id));
  for (const { datasetId, action, ...exception } of rows) if (action === 'granted') result.get(datasetId)?.push(exception);
  return result;
}

/**
 * Grants (or revokes) the exception that lets a `pii` column out unmasked in the samples drawn from
 * now on; a `secret` column never gets one. Audited with the steward's reason.
 */
export async function setPiiException(db: Db, input: { datasetId: string; column: string; grant: boolean; reason: string; actorId: string }): Promise<PiiException[]> {
  const dataset = await getDatasetOrThrow(db, input.datasetId);
  const column = dataset.contract.columns.find((c) => c.name === input.column);
  if (!column) throw new AppError('not_found', `${dataset.name} has no column ${input.column}`);
  if (input.grant && column.sensitivity === 'secret') throw new AppError('conflict', `${dataset.name}.${column.name} is secret: it never leaves the warehouse unmasked`);
  if (input.grant && column.sensitivity !== 'pii') throw new AppError('bad_request', `${dataset.name}.${column.name} is ${column.sensitivity}, not pii: its masking rule alone decides how it leaves`);
  const reason = input.reason.trim();
  if (reason === '') throw new AppError('invalid_body', 'reason: say why this column may leave unmasked (or why the exception ends)');
  return db.transaction(async (tx) => {
    const held = ((await currentPiiExceptions(tx, [dataset.id])).get(dataset.id) ?? []).some((e) => e.column === column.name);
    if (input.grant === held) throw new AppError('conflict', `${dataset.name}.${column.name} ${held ? 'has an exception already' : 'has no exception to revoke'}`);
    await tx.insert(piiExceptions).values({ datasetId: dataset.id, columnName: column.name, action: input.grant ? 'granted' : 'revoked', reason, actorId: input.actorId });
    await appendAudit(tx, {
      actorId: input.actorId,
      action: input.grant ? 'sample.pii_exception_granted' : 'sample.pii_exception_revoked',
      objectType: 'dataset',
      objectId: dataset.id,
      details: { column: column.name, reason },
    });
    return (await currentPiiExceptions(tx, [dataset.id])).get(dataset.id) ?? [];
  });
}

/** Whether the exceptions a queued sample was asked with still hold for `datasetId`. */
export async function exceptionsStillHeld(db: Db, datasetId: string, columns: readonly string[]): Promise<boolean> {
  if (columns.length === 0) return true;
  const held = new Set(((await currentPiiExceptions(db, [datasetId])).get(datasetId) ?? []).map((e) => e.column));
  return columns.every((c) => held.has(c));
}
