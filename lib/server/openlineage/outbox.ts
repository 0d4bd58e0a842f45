import 'server-only';
import { asc, eq, inArray } from 'drizzle-orm';
import type { EmissionStatus } from '@/lib/openlineage/status';
import type { RunEvent } from '@/lib/openlineage/types';
import type { OpenLineageConfig } from '@/lib/server/config';
import type { Db, Tx } from '@/lib/server/db/client';
import { jobs, lineageEvents, type LineageTarget } from '@/lib/server/db/schema';

export const OPENLINEAGE_JOB = 'openlineage.deliver';

/** Tries per event and target: the first, then after 5 s and 20 s (the job queue's back-off). */
export const DELIVERY_ATTEMPTS = 3;

export type LineageSubject = `pipeline_run:${number}` | `load:${number}`;

/**
 * Stores `build()`'s event in the outbox, once per configured target, with a delivery job each — in
 * `tx`, the transaction that records the start or finish, so an event exists exactly when what it
 * reports does. Nothing is built or stored when OpenLineage is not configured. A builder that throws
 * (a bug) costs the event, never the run: it is logged and the run commits without it.
 */
export async function recordLineageEvent(tx: Tx, config: OpenLineageConfig | undefined, subject: LineageSubject, build: () => RunEvent): Promise<void> {
  if (!config) return;
  let event: RunEvent;
  try {
    event = build();
  } catch (error) {
    console.error(`assay: building the OpenLineage event of ${subject}:`, error);
    return;
  }
  const targets: LineageTarget[] = [...(config.url ? ['http' as const] : []), ...(config.file ? ['file' as const] : [])];
  if (targets.length === 0) return;
  // Two statements whatever the targets: the run's transaction stays as short as it was (bench/openlineage.ts).
  const rows = await tx
    .insert(lineageEvents)
    .values(targets.map((target) => ({ subject, eventType: event.eventType, target, runId: event.run.runId, event })))
    .returning({ id: lineageEvents.id });
  await tx.insert(jobs).values(rows.map(({ id }) => ({ kind: OPENLINEAGE_JOB, subject: `lineage_event:${id}`, payload: { eventId: id }, maxAttempts: DELIVERY_ATTEMPTS })));
}

const statusOf = (r: Pick<typeof lineageEvents.$inferSelect, 'eventType' | 'target' | 'attempts' | 'lastError' | 'deliveredAt' | 'gaveUpAt'>): EmissionStatus => ({
  eventType: r.eventType,
  target: r.target,
  state: r.deliveredAt ? 'delivered' : r.gaveUpAt ? 'failed' : 'pending',
  attempts: r.attempts,
  lastError: r.lastError,
});

/** How the events of a subject fared, oldest first: what the run page and the dataset page show. */
export async function emissionStatus(db: Db, subject: LineageSubject): Promise<EmissionStatus[]> {
  const rows = await db
    .select({ eventType: lineageEvents.eventType, target: lineageEvents.target, attempts: lineageEvents.attempts, lastError: lineageEvents.lastError, deliveredAt: lineageEvents.deliveredAt, gaveUpAt: lineageEvents.gaveUpAt })
    .from(lineageEvents)
    .where(eq(lineageEvents.subject, subject))
    .orderBy(asc(lineageEvents.id))
    // A run has at most START and COMPLETE/FAIL per target; the bound keeps a pathological subject cheap.
    .limit(20);
  return rows.map(statusOf);
}

/** The emission statuses of many subjects in one query (a dataset's page of snapshots). */
export async function emissionStatuses(db: Db, subjects: readonly LineageSubject[]): Promise<Map<string, EmissionStatus[]>> {
  const found = new Map<string, EmissionStatus[]>();
  if (subjects.length === 0) return found;
  const rows = await db
    .select()
    .from(lineageEvents)
    .where(inArray(lineageEvents.subject, [...subjects]))
    .orderBy(asc(lineageEvents.id));
  for (const r of rows) {
    const list = found.get(r.subject) ?? [];
    list.push(statusOf(r));
    found.set(r.subject, list);
  }
  return found;
}
