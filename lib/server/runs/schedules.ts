import 'server-only';
import { and, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { nextLoadAt, Schedule } from '@/lib/sources/schedule';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db } from '@/lib/server/db/client';
import { pipelines, pipelineSchedules } from '@/lib/server/db/schema';
import { requestRun } from './requests';

export const RunScheduleBody = z.strictObject({
  /** A cron pattern (UTC) for runs of the production version, or null for none. */
  schedule: Schedule.nullable(),
  /** Run when an input dataset gets a new snapshot (the default). */
  onNewSnapshot: z.boolean(),
});
export type RunSchedule = { schedule: string | null; nextRunAt: Date | null; onNewSnapshot: boolean };

export async function getRunSchedule(db: Db, pipelineId: string): Promise<RunSchedule> {
  const [row] = await db.select().from(pipelineSchedules).where(eq(pipelineSchedules.pipelineId, pipelineId));
  return row ? { schedule: row.schedule, nextRunAt: row.nextRunAt, onNewSnapshot: row.onNewSnapshot } : { schedule: null, nextRunAt: null, onNewSnapshot: true };
}

export async function setRunSchedule(db: Db, input: { pipelineId: string; actorId: string } & z.infer<typeof RunScheduleBody>): Promise<RunSchedule> {
  const nextRunAt = input.schedule === null ? null : nextLoadAt(input.schedule, new Date());
  await db.transaction(async (tx) => {
    const [pipeline] = await tx.select({ id: pipelines.id }).from(pipelines).where(eq(pipelines.id, input.pipelineId));
    if (!pipeline) throw new AppError('not_found', `pipeline ${input.pipelineId} does not exist`);
    const values = { schedule: input.schedule, nextRunAt, onNewSnapshot: input.onNewSnapshot, updatedAt: new Date() };
    await tx.insert(pipelineSchedules).values({ pipelineId: input.pipelineId, ...values }).onConflictDoUpdate({ target: pipelineSchedules.pipelineId, set: values });
    await appendAudit(tx, { actorId: input.actorId, action: 'pipeline.schedule_changed', objectType: 'pipeline', objectId: input.pipelineId, details: { schedule: input.schedule, onNewSnapshot: input.onNewSnapshot } });
  });
  return { schedule: input.schedule, nextRunAt, onNewSnapshot: input.onNewSnapshot };
}

/**
 * Asks for the runs whose time has come. Moving each pipeline's next time is a compare-and-swap, so of
 * several processes exactly one asks; an "up to date" or joined answer is the idempotency rule at work
 * (a schedule over unchanged snapshots does no work). Returns the pipelines that got a new run.
 */
export async function enqueueDueRuns(db: Db, now = new Date()): Promise<string[]> {
  const due = await db
    .select()
    .from(pipelineSchedules)
    .where(and(isNotNull(pipelineSchedules.schedule), lte(pipelineSchedules.nextRunAt, now)));
  const queued: string[] = [];
  for (const row of due) {
    const moved = await db
      .update(pipelineSchedules)
      .set({ nextRunAt: nextLoadAt(row.schedule!, now) })
      .where(and(eq(pipelineSchedules.pipelineId, row.pipelineId), eq(pipelineSchedules.nextRunAt, sql`${row.nextRunAt!.toISOString()}::timestamptz`)))
      .returning({ id: pipelineSchedules.pipelineId });
    if (moved.length === 0) continue;
    try {
      const outcome = await requestRun(db, { pipelineId: row.pipelineId, trigger: 'schedule', userId: null });
      if (outcome.kind === 'queued') queued.push(row.pipelineId);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    }
  }
  return queued;
}

const globalForScheduler = globalThis as unknown as { __assayRunScheduler?: ReturnType<typeof setInterval> };

/** Checks for due scheduled runs every 20 s in this process (started with the job worker). */
export function startRunScheduler(db: Db, onQueued: () => void, onError: (error: unknown) => void): void {
  globalForScheduler.__assayRunScheduler ??= setInterval(() => {
    enqueueDueRuns(db).then((queued) => queued.length > 0 && onQueued(), onError);
  }, 20_000);
}
