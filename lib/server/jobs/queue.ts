import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/lib/server/db/client';
import { rowsOf } from '@/lib/server/db/rows';
import { jobs, type JobStatus } from '@/lib/server/db/schema';

export type Job = typeof jobs.$inferSelect;

/** A claim lasts this long unless the worker renews it; a job whose worker died is claimed again
 * by the next worker once it has lapsed. */
export const LEASE_MS = 30_000;

export async function enqueueJob(
  db: Db | Tx,
  input: { kind: string; subject: string; payload: Record<string, unknown>; maxAttempts?: number; runAfter?: Date },
): Promise<Job> {
  const [job] = await db
    .insert(jobs)
    .values({ kind: input.kind, subject: input.subject, payload: input.payload, maxAttempts: input.maxAttempts ?? 3, ...(input.runAfter ? { runAfter: input.runAfter } : {}) })
    .returning();
  return job!;
}

/** The queued or running job of `kind` on `subject`, if any. */
export async function pendingJob(db: Db | Tx, kind: string, subject: string): Promise<Job | null> {
  const [job] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.subject, subject), inArray(jobs.status, ['queued', 'running'] satisfies JobStatus[])))
    .orderBy(jobs.id)
    .limit(1);
  return job ?? null;
}

/**
 * Claims the oldest due job of one of `kinds`: a queued job whose time has come, or a running one
 * whose lease lapsed (its worker stopped). One statement with SKIP LOCKED, so two workers never
 * claim the same job. Every claim counts an attempt.
 */
export async function claimJob(db: Db, input: { kinds: readonly string[]; workerId: string; leaseMs?: number }): Promise<Job | null> {
  if (input.kinds.length === 0) return null;
  const lease = `${input.leaseMs ?? LEASE_MS} milliseconds`;
  const kinds = sql.join(input.kinds.map((kind) => sql`${kind}`), sql`, `);
  const rows = await db.execute(sql`
    UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${input.workerId},
      lease_until = now() + ${lease}::interval, updated_at = now()
    WHERE id = (
      SELECT id FROM jobs
      WHERE kind IN (${kinds})
        AND ((status = 'queued' AND run_after <= now()) OR (status = 'running' AND lease_until < now()))
      ORDER BY run_after, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`);
  const id = rowsOf<{ id: number | string }>(rows)[0]?.id;
  if (id === undefined) return null;
  const [job] = await db.select().from(jobs).where(eq(jobs.id, Number(id)));
  return job ?? null;
}

/** Extends the claim while the job runs; false when the job is no longer this worker's. */
export async function renewLease(db: Db, job: Job, workerId: string, leaseMs = LEASE_MS): Promise<boolean> {
  const renewed = await db
    .update(jobs)
    .set({ leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running')))
    .returning({ id: jobs.id });
  return renewed.length > 0;
}

/** Marks the job finished, inside the transaction that stores its outcome; false (and the caller
 * rolls back) when the claim was lost to another worker meanwhile. */
export async function finishJob(tx: Tx, job: Job, workerId: string, outcome: { status: 'succeeded' | 'failed'; error?: string }): Promise<boolean> {
  const finished = await tx
    .update(jobs)
    .set({ status: outcome.status, lastError: outcome.error ?? null, leaseUntil: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running')))
    .returning({ id: jobs.id });
  return finished.length > 0;
}

/** Puts a job that threw back in the queue after a back-off (5 s, 20 s, 45 s, …). */
export async function requeueJob(db: Db, job: Job, workerId: string, error: string): Promise<void> {
  const delay = `${5 * job.attempts ** 2} seconds`;
  await db
    .update(jobs)
    .set({ status: 'queued', lastError: error, leaseUntil: null, lockedBy: null, runAfter: sql`now() + ${delay}::interval`, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running')));
}
