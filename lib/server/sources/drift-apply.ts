import 'server-only';
import { and, eq } from 'drizzle-orm';
import { addSourceColumns, columnsToAdd, contractChanges, DriftApply } from '@/lib/contracts/edit';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import { changeContract, getDatasetOrThrow, type DatasetView } from '@/lib/server/catalog/datasets';
import type { Db } from '@/lib/server/db/client';
import { driftEvents } from '@/lib/server/db/schema';

/**
 * Applies the new columns an `additive` load accepted to the contract, as its next version: names and
 * DuckDB types from the drift event, governance as the steward chose (`internal`, unmasked by
 * default). Refused when the event was not an accepted additive one (400), when its columns are in
 * the contract already (409), when the contract moved on from `baseVersion` (409) and when the result
 * is not a valid contract (422). The contract change and a `source.drift_applied` event are one
 * transaction; the next load reads the new columns and reports no drift for them.
 */
export async function applyAdditiveDrift(db: Db, input: { datasetId: string; eventId: number; body: DriftApply; actorId: string }): Promise<DatasetView & { changes: string[] }> {
  const body = DriftApply.parse(input.body);
  const [event] = await db.select().from(driftEvents).where(and(eq(driftEvents.id, input.eventId), eq(driftEvents.datasetId, input.datasetId)));
  if (!event) throw new AppError('not_found', `dataset ${input.datasetId} has no drift event ${input.eventId}`);
  const added = event.changes.filter((c) => c.kind === 'added');
  if (event.policy !== 'additive' || event.outcome !== 'accepted' || added.length === 0) {
    throw new AppError(
      'bad_request',
      `drift event ${event.id} is not an accepted additive change (policy ${event.policy}, ${event.outcome}${added.length === 0 ? ', no column added' : ''}): only new columns an additive load let through can be applied; fix the source or edit the contract`,
    );
  }
  const dataset = await getDatasetOrThrow(db, input.datasetId);
  if (dataset.version !== body.baseVersion) {
    throw new AppError('stale_version', `contract of ${dataset.id} is at version ${dataset.version}, not ${body.baseVersion}: reload to see the change`);
  }
  const additions = columnsToAdd(event.changes, dataset.contract);
  if (additions.length === 0) {
    throw new AppError('conflict', `drift event ${event.id} is applied already: ${added.map((c) => c.column).join(', ')} ${added.length === 1 ? 'is' : 'are'} in contract v${dataset.version}`);
  }
  const applied = addSourceColumns(dataset.contract, additions, body.columns);
  if (!applied.ok) throw new AppError('invalid_body', applied.message);
  const changes = contractChanges(dataset.contract, applied.contract);
  const view = await changeContract(db, { datasetId: dataset.id, baseVersion: dataset.version, ownerId: dataset.ownerId, actorId: input.actorId, contract: applied.contract, changes }, (tx) =>
    appendAudit(tx, { actorId: input.actorId, action: 'source.drift_applied', objectType: 'dataset', objectId: dataset.id, details: { eventId: event.id, version: dataset.version + 1, columns: additions } }),
  );
  return { ...view, changes };
}
