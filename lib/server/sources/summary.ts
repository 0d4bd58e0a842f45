import 'server-only';
import { desc, eq, inArray, and } from 'drizzle-orm';
import type { Db } from '@/lib/server/db/client';
import { connections, datasetSources, snapshots } from '@/lib/server/db/schema';

export type SourceSummary = {
  connectionName: string;
  sourceTable: string;
  current: { id: number; rowCount: number; fingerprint: string; finishedAt: Date } | null;
};

/** Per dataset of `datasetIds`: where it loads from and its current snapshot (catalog page). */
export async function sourceSummaries(db: Db, datasetIds: readonly string[]): Promise<Map<string, SourceSummary>> {
  if (datasetIds.length === 0) return new Map();
  const [bindings, current] = await Promise.all([
    db
      .select({ datasetId: datasetSources.datasetId, sourceTable: datasetSources.sourceTable, connectionName: connections.name })
      .from(datasetSources)
      .innerJoin(connections, eq(connections.id, datasetSources.connectionId))
      .where(inArray(datasetSources.datasetId, [...datasetIds])),
    db
      .selectDistinctOn([snapshots.datasetId], { datasetId: snapshots.datasetId, id: snapshots.id, rowCount: snapshots.rowCount, fingerprint: snapshots.fingerprint, finishedAt: snapshots.finishedAt })
      .from(snapshots)
      .where(and(inArray(snapshots.datasetId, [...datasetIds]), eq(snapshots.status, 'published')))
      .orderBy(snapshots.datasetId, desc(snapshots.id)),
  ]);
  const byDataset = new Map(current.map(({ datasetId, ...s }) => [datasetId, s]));
  return new Map(bindings.map((b) => [b.datasetId, { connectionName: b.connectionName, sourceTable: b.sourceTable, current: byDataset.get(b.datasetId) ?? null }]));
}

/** "fresh" while the current snapshot is younger than the SLA, else "stale"; no SLA: just its age. */
export function freshness(finishedAt: Date, slaHours: number | null, now = new Date()): { label: string; stale: boolean } {
  const hours = (now.getTime() - finishedAt.getTime()) / 3_600_000;
  const age = hours < 1 ? `${Math.max(0, Math.round(hours * 60))} min` : hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} d`;
  if (slaHours === null) return { label: `loaded ${age} ago`, stale: false };
  const stale = hours > slaHours;
  return { label: `${stale ? 'stale' : 'fresh'}: loaded ${age} ago (SLA ${slaHours} h)`, stale };
}
