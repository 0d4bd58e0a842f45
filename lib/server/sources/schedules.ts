import 'server-only';
import { and, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { nextLoadAt } from '@/lib/sources/schedule';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db } from '@/lib/server/db/client';
import { datasetSources } from '@/lib/server/db/schema';
import { requestLoad } from './loads';

/** Sets (or clears, with null) a dataset's load schedule; the next load is due at its next firing. */
export async function setSchedule(db: Db, input: { datasetId: string; schedule: string | null; actorId: string }): Promise<{ schedule: string | null; nextLoadAt: Date | null }> {
  const next = input.schedule === null ? null : nextLoadAt(input.schedule, new Date());
  await db.transaction(async (tx) => {
    const done = await tx
      .update(datasetSources)
      .set({ schedule: input.schedule, nextLoadAt: next })
      .where(eq(datasetSources.datasetId, input.datasetId))
      .returning({ id: datasetSources.datasetId });
    if (done.length === 0) throw new AppError('not_found', `dataset ${input.datasetId} is not bound to a source`);
    await appendAudit(tx, { actorId: input.actorId, action: 'source.schedule_changed', objectType: 'dataset', objectId: input.datasetId, details: { schedule: input.schedule } });
  });
  return { schedule: input.schedule, nextLoadAt: next };
}

/**
 * Queues the loads whose time has come. Each due dataset's next time is moved with a compare-and-swap
 * first, so of several server processes ticking at once exactly one queues it; a load still queued
 * or running from before is not doubled (the one-load-per-dataset index refuses it) — that firing is
 * skipped. Returns the datasets queued.
 */
export async function enqueueDueLoads(db: Db, now = new Date()): Promise<string[]> {
  const due = await db
    .select({ datasetId: datasetSources.datasetId, schedule: datasetSources.schedule, nextLoadAt: datasetSources.nextLoadAt, cursor: datasetSources.cursorColumn })
    .from(datasetSources)
    .where(and(isNotNull(datasetSources.schedule), lte(datasetSources.nextLoadAt, now)));
  const queued: string[] = [];
  for (const row of due) {
    const moved = await db
      .update(datasetSources)
      .set({ nextLoadAt: nextLoadAt(row.schedule!, now) })
      .where(and(eq(datasetSources.datasetId, row.datasetId), eq(datasetSources.nextLoadAt, sql`${row.nextLoadAt!.toISOString()}::timestamptz`)))
      .returning({ id: datasetSources.datasetId });
    if (moved.length === 0) continue;
    try {
      await requestLoad(db, { datasetId: row.datasetId, mode: row.cursor ? 'incremental' : 'full', trigger: 'schedule', userId: null });
      queued.push(row.datasetId);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    }
  }
  return queued;
}

const globalForScheduler = globalThis as unknown as { __assayLoadScheduler?: ReturnType<typeof setInterval> };

/** Checks for due scheduled loads every 20 s in this process (started with the job worker). */
export function startLoadScheduler(db: Db, onQueued: () => void, onError: (error: unknown) => void): void {
  globalForScheduler.__assayLoadScheduler ??= setInterval(() => {
    enqueueDueLoads(db).then((queued) => queued.length > 0 && onQueued(), onError);
  }, 20_000);
}
