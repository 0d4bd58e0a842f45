import { Cron } from 'croner';
import { z } from 'zod';

/** A cron pattern (5 fields, or 6 with seconds), read in UTC. Loads more often than once a minute are
 * refused: a schedule that outruns its own loads only queues conflicts. */
export const Schedule = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .superRefine((pattern, ctx) => {
    try {
      const runs = cronOf(pattern).nextRuns(2, new Date('2026-01-01T00:00:00Z'));
      if (runs.length === 2 && runs[1]!.getTime() - runs[0]!.getTime() < 60_000) ctx.addIssue({ code: 'custom', message: 'a schedule runs at most once a minute' });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a cron pattern: ${error instanceof Error ? error.message : String(error)}` });
    }
  });

const cronOf = (pattern: string) => new Cron(pattern, { paused: true, timezone: 'UTC', mode: '5-or-6-parts' });

/** The first time after `after` the pattern fires; null when it never fires again. */
export function nextLoadAt(pattern: string, after: Date): Date | null {
  const cron = cronOf(pattern);
  try {
    return cron.nextRun(after);
  } finally {
    cron.stop();
  }
}
